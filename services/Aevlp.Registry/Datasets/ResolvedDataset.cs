namespace Aevlp.Registry.Datasets;

/// <summary>A dataset version that exists in blob storage, with the class names its manifest lists.</summary>
public sealed record ResolvedDataset(string Name, string Version, IReadOnlyList<string> ClassNames)
{
    public int Classes => ClassNames.Count;

    public override string ToString() => $"{Name}@{Version}";
}
