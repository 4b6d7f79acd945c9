namespace Aevlp.Tracking.Client.Protocol;

public sealed record ArtifactFile(string Path, bool IsDir, long? FileSize = null);

public sealed record ListArtifactsResponse
{
    public string? RootUri { get; init; }
    public IReadOnlyList<ArtifactFile> Files { get; init; } = [];
    public string? NextPageToken { get; init; }
}
