using Aspire.Hosting.ApplicationModel;

namespace Aevlp.AppHost.Infrastructure;

/// <summary>Azurite's blob service as a container, with an account key generated per install.</summary>
public sealed class AzuriteContainerResource(string name, ParameterResource accountKey)
    : ContainerResource(name), IResourceWithConnectionString
{
    public const string Account = "aevlp";
    public const int BlobPort = 10000;

    public ParameterResource AccountKey { get; } = accountKey;

    public EndpointReference BlobEndpoint => new(this, "blob");

    public ReferenceExpression ConnectionStringExpression => BlobConnectionString.Create(
        Account, AccountKey, ReferenceExpression.Create($"http://127.0.0.1:{BlobEndpoint.Property(EndpointProperty.Port)}"));
}

/// <summary>Container mode: the Aspire PostgreSQL and RabbitMQ integrations and an Azurite container.</summary>
public static class ContainerInfrastructure
{
    public static PlatformInfrastructure Add(IDistributedApplicationBuilder builder)
    {
        var postgres = builder.AddPostgres(PlatformInfrastructure.PostgresName)
            .WithDataVolume("aevlp-postgres");
        var messaging = builder.AddRabbitMQ(PlatformInfrastructure.MessagingName)
            .WithManagementPlugin()
            .WithDataVolume("aevlp-rabbitmq");
        var key = builder.AddParameter($"{PlatformInfrastructure.BlobsName}-account-key",
            new GenerateParameterDefault { MinLength = 64, Special = false }, secret: true, persist: true);
        var blobs = builder.AddResource(new AzuriteContainerResource(PlatformInfrastructure.BlobsName, key.Resource))
            .WithImage("azure-storage/azurite", "3.37.0")
            .WithImageRegistry("mcr.microsoft.com")
            .WithArgs("azurite-blob", "--blobHost", "0.0.0.0", "--location", "/data", "--skipApiVersionCheck", "--disableTelemetry")
            .WithEnvironment(context => context.EnvironmentVariables["AZURITE_ACCOUNTS"] =
                ReferenceExpression.Create($"{AzuriteContainerResource.Account}:{key.Resource}"))
            .WithHttpEndpoint(targetPort: AzuriteContainerResource.BlobPort, name: "blob")
            .WithVolume("aevlp-azurite", "/data");
        // 43 letters and digits, kept in the AppHost's user secrets so it survives restarts.
        var apiKey = builder.AddParameter(Services.ApiSecurity.ParameterName,
            new GenerateParameterDefault { MinLength = 43, Special = false }, secret: true, persist: true);
        return new PlatformInfrastructure(InfrastructureMode.Container, postgres, messaging, blobs,
            name => postgres.AddDatabase(name), apiKey);
    }
}
