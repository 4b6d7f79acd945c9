namespace Aevlp.Registry.Datasets;

/// <summary>A dataset version that exists in blob storage, with its class count when the manifest lists classes.</summary>
public sealed record ResolvedDataset(string Name, string Version, int? Classes)
{
    public override string ToString() => $"{Name}@{Version}";
}
