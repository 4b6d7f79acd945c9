using System.Net.Http.Headers;
using Aevlp.Tracking.Client.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Aevlp.Tracking.Client;

public static class TrackingClientExtensions
{
    /// <summary>Registers <see cref="MlflowClient"/> for the tracker the AppHost referenced as
    /// <paramref name="connectionName"/> (<c>.WithReference(tracking)</c>), with retries on transient failures.</summary>
    public static TBuilder AddMlflowTracking<TBuilder>(this TBuilder builder, string connectionName = "tracking")
        where TBuilder : IHostApplicationBuilder
    {
        var found = MlflowTrackingOptions.FindUri(builder.Configuration, connectionName);
        var apiKey = MlflowTrackingOptions.FindApiKey(builder.Configuration);
        builder.Services.AddOptions<MlflowTrackingOptions>()
            .BindConfiguration(MlflowTrackingOptions.Section)
            .PostConfigure(options =>
            {
                options.TrackingUri ??= found is null ? null : new Uri(found, UriKind.RelativeOrAbsolute);
                if (string.IsNullOrWhiteSpace(options.ApiKey)) options.ApiKey = apiKey;
            })
            .Validate(options => options.IsValid(),
                $"MlflowTracking:TrackingUri must be an absolute http(s) URI; the AppHost passes it as services__{connectionName}__http__0 " +
                "(or set ConnectionStrings__" + connectionName + " or MLFLOW_TRACKING_URI), and Timeout and MaxRetries must be positive.")
            .ValidateOnStart();

        // RemoveAllResilienceHandlers is marked experimental (EXTEXP0001) though unchanged since 9.x.
#pragma warning disable EXTEXP0001
        builder.Services.AddHttpClient<MlflowClient>((services, client) =>
            {
                var options = services.GetRequiredService<IOptions<MlflowTrackingOptions>>().Value;
                client.BaseAddress = WithTrailingSlash(options.TrackingUri!);
                client.Timeout = options.Timeout;
                if (!string.IsNullOrWhiteSpace(options.ApiKey))
                {
                    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
                }
            })
            // The service-wide standard handler would cut artifact uploads at its 30 s total timeout and retry
            // one-shot streams; this client brings its own pipeline instead.
            .RemoveAllResilienceHandlers()
            .AddResilienceHandler("mlflow-tracking", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<MlflowTrackingOptions>>().Value;
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = Math.Max(1, options.MaxRetries),
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    ShouldHandle = args => ValueTask.FromResult(
                        options.MaxRetries > 0 && IsReplayable(args.Context) && HttpClientResiliencePredicates.IsTransient(args.Outcome)),
                });
            });
#pragma warning restore EXTEXP0001
        return builder;
    }

    private static bool IsReplayable(ResilienceContext context) =>
        context.GetRequestMessage() is not { } request
        || !request.Options.TryGetValue(ArtifactRoutes.NotReplayable, out var notReplayable) || !notReplayable;

    private static Uri WithTrailingSlash(Uri uri) =>
        uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}
