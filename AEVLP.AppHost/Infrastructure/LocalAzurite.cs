using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aevlp.AppHost.Infrastructure;

/// <summary>npm's Azurite blob service run by infra/local/azurite.sh as an Aspire executable.</summary>
public sealed class LocalAzuriteResource(string name, string script, string workingDirectory, string host, int port, ParameterResource accountKey)
    : ExecutableResource(name, script, workingDirectory), IResourceWithConnectionString
{
    public string Host { get; } = host;

    public int Port { get; } = port;

    public ParameterResource AccountKey { get; } = accountKey;

    public ReferenceExpression ConnectionStringExpression => BlobConnectionString.Create(
        LocalCredentials.BlobAccount, AccountKey, ReferenceExpression.Create($"http://{Host}:{Port.ToString(CultureInfo.InvariantCulture)}"));
}

/// <summary>The Azure Storage connection string for an Azurite blob endpoint, the same shape in both modes.</summary>
public static class BlobConnectionString
{
    public static ReferenceExpression Create(string account, ParameterResource key, ReferenceExpression blobServiceUrl) =>
        ReferenceExpression.Create(
            $"DefaultEndpointsProtocol=http;AccountName={account};AccountKey={key};BlobEndpoint={blobServiceUrl}/{account};");

    /// <summary>The local Azurite's connection string as text (health checks, remote-worker.env).</summary>
    public static string Of(string host, int port, string key) =>
        $"DefaultEndpointsProtocol=http;AccountName={LocalCredentials.BlobAccount};AccountKey={key};BlobEndpoint=http://{host}:{port.ToString(CultureInfo.InvariantCulture)}/{LocalCredentials.BlobAccount};";
}

public static class LocalAzuriteExtensions
{
    public static IResourceBuilder<LocalAzuriteResource> AddLocalAzurite(
        this IDistributedApplicationBuilder builder, string name, LocalServerPaths paths, string azuriteBlob, InfrastructureOptions options, LocalDataFolder data)
    {
        var key = builder.AddParameter($"{name}-account-key", data.Credentials.BlobAccountKey, secret: true);
        var port = FreePort.On(options.ParsedBindAddress);
        var blobs = new LocalAzuriteResource(name, paths.Script("azurite.sh"), paths.Root, options.LocalAddress, port, key.Resource);
        var healthCheck = $"{name}-answers";
        var connectionString = BlobConnectionString.Of(options.LocalAddress, port, data.Credentials.BlobAccountKey);
        builder.Services.AddHealthChecks().AddAsyncCheck(healthCheck, async ct =>
        {
            await new BlobServiceClient(connectionString).GetPropertiesAsync(ct);
            return HealthCheckResult.Healthy();
        });
        return builder.AddResource(blobs)
            .WithEnvironment("AEVLP_AZURITE_BIN", azuriteBlob)
            .WithEnvironment("AEVLP_BLOB_DATA", data.Blobs)
            .WithEnvironment("AEVLP_BIND_ADDRESS", options.BindAddress)
            .WithEnvironment("AEVLP_BLOB_PORT", port.ToString(CultureInfo.InvariantCulture))
            .WithEnvironment(context =>
                context.EnvironmentVariables["AZURITE_ACCOUNTS"] = ReferenceExpression.Create($"{LocalCredentials.BlobAccount}:{key.Resource}"))
            .WithEndpoint(port: port, targetPort: port, scheme: "http", name: "blob", isProxied: false)
            .WithHealthCheck(healthCheck)
            .WithIconName("Storage");
    }
}
