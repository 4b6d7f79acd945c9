namespace Aevlp.AppHost.Infrastructure;

/// <summary>Local mode: Debian's PostgreSQL and RabbitMQ and npm's Azurite as executables on 127.0.0.1 (RabbitMQ and Azurite
/// on Infrastructure:BindAddress when set, for workers on other hosts), data under one folder (see README "Where data lives").</summary>
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
        var blobs = builder.AddLocalAzurite(PlatformInfrastructure.BlobsName, paths, azuriteBlob, options, data);
        var apiKey = builder.AddParameter(Services.ApiSecurity.ParameterName, data.Credentials.ApiKey, secret: true);
        if (options.LoopbackOnly)
            RemoteWorkerEnvironment.Remove(data);
        else
            RemoteWorkerEnvironment.Write(data, options.ResolvedAdvertisedAddress(), messaging.Resource.Port, blobs.Resource.Port,
                Services.TrackingServer.Port(builder.Configuration));
        return new PlatformInfrastructure(InfrastructureMode.Local, postgres, messaging, blobs,
            name => postgres.AddDatabase(name), apiKey) { BindAddress = options.LoopbackOnly ? null : options.BindAddress };
    }
}
