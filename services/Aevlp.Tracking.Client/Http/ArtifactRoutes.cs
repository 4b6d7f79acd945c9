namespace Aevlp.Tracking.Client.Http;

/// <summary>Maps a run's <c>mlflow-artifacts:</c> URI to the server's proxied artifact route
/// (<c>mlflow server --serve-artifacts</c>).</summary>
internal static class ArtifactRoutes
{
    public const string Scheme = "mlflow-artifacts:";
    private const string ProxyPrefix = "api/2.0/mlflow-artifacts/artifacts/";

    /// <summary>Set on requests whose body is a one-shot stream, so the retry handler leaves them alone.</summary>
    public static readonly HttpRequestOptionsKey<bool> NotReplayable = new("aevlp.mlflow.not-replayable");

    public static string Proxied(string artifactUri, string path)
    {
        if (!artifactUri.StartsWith(Scheme, StringComparison.Ordinal))
        {
            throw new NotSupportedException(
                $"artifact_uri '{artifactUri}' is not served by the tracking server's artifact proxy; run MLflow with --serve-artifacts.");
        }
        var root = StripAuthority(artifactUri[Scheme.Length..]).Trim('/');
        var segments = root.Split('/').Concat(path.Split('/', StringSplitOptions.RemoveEmptyEntries));
        return ProxyPrefix + string.Join('/', segments.Select(Uri.EscapeDataString));
    }

    // "mlflow-artifacts://host:port/1/abc/artifacts" names the server; the path starts after the authority.
    private static string StripAuthority(string rest) =>
        rest.StartsWith("//", StringComparison.Ordinal) ? rest[(rest.IndexOf('/', 2) is var i and >= 0 ? i : rest.Length)..] : rest;
}
