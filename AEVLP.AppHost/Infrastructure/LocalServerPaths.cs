namespace Aevlp.AppHost.Infrastructure;

/// <summary>Where the repository's local-server launch scripts (infra/local) are.</summary>
public sealed record LocalServerPaths(string Root)
{
    public string Script(string name) => System.IO.Path.Combine(Root, "infra", "local", name);

    public string DefaultAzuriteBlob => System.IO.Path.Combine(Root, "infra", "azurite", "node_modules", ".bin", "azurite-blob");

    /// <summary>The AppHost project folder is one level below the repository root.</summary>
    public static LocalServerPaths FromAppHostDirectory(string appHostDirectory) =>
        new(System.IO.Path.GetFullPath(System.IO.Path.Combine(appHostDirectory, "..")));
}
