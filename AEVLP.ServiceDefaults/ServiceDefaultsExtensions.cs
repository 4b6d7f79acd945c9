using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Aevlp.ServiceDefaults;

/// <summary>What every AEVLP service shares: OpenTelemetry to the Aspire dashboard, health endpoints,
/// service discovery and resilient HTTP clients.</summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Tag of the checks that must pass before a service takes traffic (GET /health).</summary>
    public const string ReadyTag = "ready";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.UsePlatformDefaults();
        builder.ConfigureOpenTelemetry();
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IHealthCheckPublisher, HealthTransitions>();
        // Soon after start, then often enough that a failing dependency is in the log within seconds.
        builder.Services.Configure<HealthCheckPublisherOptions>(options => (options.Delay, options.Period) = (TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10)));
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        return builder;
    }

    /// <summary>Services add their own ActivitySource/Meter names here so the dashboard shows them.</summary>
    public static TBuilder AddServiceTelemetry<TBuilder>(this TBuilder builder, string name) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddSource(name))
            .WithMetrics(metrics => metrics.AddMeter(name));
        return builder;
    }

    private static void ConfigureOpenTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });
        var telemetry = builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("MassTransit"))
            .WithTracing(tracing => tracing
                .SetSampler(new HeartbeatSampler(new ParentBasedSampler(new AlwaysOnSampler())))
                .AddSource(builder.Environment.ApplicationName)
                .AddSource("MassTransit")
                .AddAspNetCoreInstrumentation(options =>
                    options.Filter = context => !context.Request.Path.StartsWithSegments("/health")
                        && !context.Request.Path.StartsWithSegments("/alive"))
                .AddHttpClientInstrumentation());
        // The dashboard sets OTEL_EXPORTER_OTLP_ENDPOINT for every resource it starts.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }
    }

    /// <summary>GET /health (every check) and GET /alive (liveness only), open without an API key.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        // Open even where the API needs a key: orchestrators and load balancers probe them without one.
        app.MapHealthChecks("/health").AllowAnonymous();
        app.MapHealthChecks("/alive", new HealthCheckOptions { Predicate = check => check.Tags.Contains("live") }).AllowAnonymous();
        return app;
    }
}
