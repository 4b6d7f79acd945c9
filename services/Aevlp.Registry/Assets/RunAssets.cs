namespace Aevlp.Registry.Assets;

/// <summary>The imported assets a run uses, as resolved when it was accepted (the <c>assets</c> column): they are immutable,
/// so a name and hash say exactly what the run ran with.</summary>
public sealed record RunAssets(AssetUse? Teacher, AssetUse? Weights)
{
    public static RunAssets None { get; } = new(null, null);
}

/// <param name="Sha256">The asset's hash (weights: the state dict file's; a teacher: <see cref="Storage.FolderHash"/> of its
/// files), null for a teacher stored without recorded hashes.</param>
public sealed record AssetUse(string Name, string? Sha256);
