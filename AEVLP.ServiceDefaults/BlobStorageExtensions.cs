using Aevlp.Storage;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Instrumentation.Http;

namespace Aevlp.ServiceDefaults;

/// <summary>Registers the blob client (and the platform's <see cref="BlobStore"/> over it) from the AppHost's
/// connection string. (Aspire's own
/// Aspire.Azure.Storage.Blobs client package is not served by our package source; this is its small
/// equivalent.)</summary>
public static class BlobStorageExtensions
{
    public const string DefaultConnectionName = "blobs";

    /// <summary>Setting that puts the blob SDK's HTTP requests back into traces (off by default, see below).</summary>
    public const string RequestSpansSetting = "Telemetry:BlobRequestSpans";

    public static TBuilder AddBlobStorage<TBuilder>(this TBuilder builder, string connectionName = DefaultConnectionName)
        where TBuilder : IHostApplicationBuilder
    {
        var connectionString = ConnectionStrings.Require(builder.Configuration, connectionName);
        var client = new BlobServiceClient(connectionString, RetryThroughOutages());
        builder.Services.AddSingleton(client);
        // A run reads its images in ranges: one HTTP span per range made a demo run's trace 1,450 spans, which buried the
        // stages, and the expected 409 of a create-if-absent showed as an error. Storage is debugged with them turned on.
        if (!builder.Configuration.GetValue<bool>(RequestSpansSetting))
        {
            builder.Services.Configure<HttpClientTraceInstrumentationOptions>(options => options.LeaveOut(client.Uri));
        }
        builder.Services.AddSingleton<BlobStore>();
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            connectionName, sp => new BlobServiceHealthCheck(sp.GetRequiredService<BlobServiceClient>()),
            failureStatus: null, tags: [ServiceDefaultsExtensions.ReadyTag]));
        return builder;
    }

    /// <summary>A worker's local copy of the blobs it reads (<see cref="LocalBlobCache"/>), in the folder its options name.</summary>
    public static IServiceCollection AddLocalBlobCache<TOptions>(this IServiceCollection services, Func<TOptions, string> folder)
        where TOptions : class =>
        services.AddSingleton(sp => new LocalBlobCache(sp.GetRequiredService<BlobStore>(), folder(sp.GetRequiredService<IOptions<TOptions>>().Value)));

    private static void LeaveOut(this HttpClientTraceInstrumentationOptions options, Uri endpoint)
    {
        var traced = options.FilterHttpRequestMessage;
        options.FilterHttpRequestMessage = request =>
            Uri.Compare(request.RequestUri, endpoint, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0
            && (traced?.Invoke(request) ?? true);
    }

    // The SDK's default (3 tries within about 7 s) gives up during a storage restart.
    private static BlobClientOptions RetryThroughOutages()
    {
        var options = new BlobClientOptions();
        Backoff.ThroughOutage.Apply(options.Retry);
        return options;
    }

    private sealed class BlobServiceHealthCheck(BlobServiceClient client) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            await client.GetPropertiesAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
    }
}

internal static class ConnectionStrings
{
    public static string Require(IConfiguration configuration, string name) =>
        configuration.GetConnectionString(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"Connection string '{name}' is missing: the AppHost passes it as ConnectionStrings__{name}; when running this service on its own, set that environment variable.");
}
