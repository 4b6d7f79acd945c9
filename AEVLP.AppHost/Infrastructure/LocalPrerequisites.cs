namespace Aevlp.AppHost.Infrastructure;

/// <summary>Checks, before anything starts, that local mode has what it runs, so a missing package is one
/// clear line instead of a resource that never becomes healthy.</summary>
public static class LocalPrerequisites
{
    public static void Check(InfrastructureOptions options, string azuriteBlob, string dataDir)
    {
        var missing = new List<string>();
        var postgresBin = options.ResolvedPostgresBinDir();
        Require(missing, Path.Combine(postgresBin, "postgres"), "PostgreSQL server");
        Require(missing, Path.Combine(postgresBin, "initdb"), "PostgreSQL initdb");
        Require(missing, Path.Combine(options.RabbitMqBinDir, "rabbitmq-server"), "RabbitMQ server");
        Require(missing, azuriteBlob, "Azurite (npm)");
        if (missing.Count > 0)
        {
            throw new InfrastructureUnavailableException(
                $"AEVLP local mode is missing {string.Join("; ", missing)}. Run ./infra/setup.sh (or set Infrastructure:Mode=container).");
        }
        if (!OperatingSystem.IsWindows() && Environment.UserName == "root") RequireEnterableByPostgres(dataDir);
    }

    private static void Require(List<string> missing, string file, string what)
    {
        if (!File.Exists(file)) missing.Add($"{what} ({file})");
    }

    // As root the server runs as `postgres`, which must be able to walk down to its data folder.
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void RequireEnterableByPostgres(string dataDir)
    {
        for (var dir = new DirectoryInfo(dataDir); dir is not null; dir = dir.Parent)
        {
            if (dir.Exists && (dir.UnixFileMode & UnixFileMode.OtherExecute) == 0)
            {
                throw new InfrastructureUnavailableException(
                    $"The data folder '{dataDir}' is inside '{dir.FullName}', which the postgres user cannot enter; set Infrastructure:DataDir elsewhere (default for root: /var/lib/aevlp).");
            }
        }
    }
}
