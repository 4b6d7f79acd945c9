namespace Aevlp.AppHost.Infrastructure;

/// <summary>Local mode: Debian's PostgreSQL and RabbitMQ and npm's Azurite as executables on 127.0.0.1,
/// data under one folder (see README "Where data lives").</summary>
public static class LocalInfrastructure
{
    public static PlatformInfrastructure Add(IDistributedApplicationBuilder builder, InfrastructureOptions options)
    {
        var paths = LocalServerPaths.FromAppHostDirectory(builder.AppHostDirectory);
        var azuriteBlob = string.IsNullOrEmpty(options.AzuriteBlob) ? paths.DefaultAzuriteBlob : options.AzuriteBlob;
        var dataDir = string.IsNullOrEmpty(options.DataDir) ? LocalDataFolder.Default() : options.DataDir;
        LocalPrerequisites.Check(options, azuriteBlob, Path.GetFullPath(dataDir));
        var data = LocalDataFolder.Open(dataDir);

        var postgres = builder.AddLocalPostgres(PlatformInfrastructure.PostgresName, paths, options, data);
        var messaging = builder.AddLocalRabbitMq(PlatformInfrastructure.MessagingName, paths, options, data);
        var blobs = builder.AddLocalAzurite(PlatformInfrastructure.BlobsName, paths, azuriteBlob, data);
        var apiKey = builder.AddParameter(Services.ApiSecurity.ParameterName, data.Credentials.ApiKey, secret: true);
        return new PlatformInfrastructure(InfrastructureMode.Local, postgres, messaging, blobs,
            name => postgres.AddDatabase(name), apiKey);
    }
}
