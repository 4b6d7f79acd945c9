namespace Aevlp.Tracking.Client.Protocol;

/// <summary>A run's or experiment's <c>mlflow-artifacts:</c> location, as the client and the tracker both read it.</summary>
public static class ArtifactUri
{
    public const string Scheme = "mlflow-artifacts:";

    /// <summary>The artifact root inside the server's store (<c>1/abc/artifacts</c>), or null for another scheme.
    /// <c>mlflow-artifacts://host:port/1/abc/artifacts</c> names the server; the root starts after it.</summary>
    public static string? Root(string uri)
    {
        if (!uri.StartsWith(Scheme, StringComparison.Ordinal)) return null;
        var rest = uri[Scheme.Length..];
        if (rest.StartsWith("//", StringComparison.Ordinal)) rest = rest[(rest.IndexOf('/', 2) is var i and >= 0 ? i : rest.Length)..];
        return rest.Trim('/');
    }
}
