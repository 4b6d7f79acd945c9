using Aevlp.Tracking.Client.Protocol;

namespace Aevlp.Tracking.Client.Http;

/// <summary>Maps a run's <c>mlflow-artifacts:</c> URI to the server's proxied artifact route
/// (<c>mlflow server --serve-artifacts</c>).</summary>
internal static class ArtifactRoutes
{
    private const string ProxyPrefix = "api/2.0/mlflow-artifacts/artifacts/";

    /// <summary>Set on requests whose body is a one-shot stream, so the retry handler leaves them alone.</summary>
    public static readonly HttpRequestOptionsKey<bool> NotReplayable = new("aevlp.mlflow.not-replayable");

    public static string Proxied(string artifactUri, string path)
    {
        var root = ArtifactUri.Root(artifactUri) ?? throw new NotSupportedException(
            $"artifact_uri '{artifactUri}' is not served by the tracking server's artifact proxy; run MLflow with --serve-artifacts.");
        var segments = root.Split('/').Concat(path.Split('/', StringSplitOptions.RemoveEmptyEntries));
        return ProxyPrefix + string.Join('/', segments.Select(Uri.EscapeDataString));
    }
}
