using Aevlp.Tracking.Api;
using Aevlp.Tracking.Artifacts;
using Aevlp.Tracking.Client.Protocol;
using Aevlp.Tracking.LoggedModels;
using Aevlp.Tracking.Pages.Shared;
using Aevlp.Tracking.Registry;
using Aevlp.Tracking.Search;
using Aevlp.ServiceDefaults;
using Aevlp.Tracking.Storage;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aevlp.Tracking;

public static class TrackingServiceExtensions
{
    public const string DatabaseName = "trackingdb";

    public static WebApplicationBuilder AddTrackingServer(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<TrackingOptions>().BindConfiguration(TrackingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.AddServiceTelemetry(TrackingTelemetry.Name);
        builder.AddPostgres(DatabaseName, typeof(TrackingServiceExtensions).Assembly);
        builder.AddBlobStorage();
        builder.Services.AddSingleton<TrackingTelemetry>();
        builder.Services.AddSingleton<ExperimentStore>();
        builder.Services.AddSingleton<RunStore>();
        builder.Services.AddSingleton<RunCache>();
        builder.Services.AddSingleton<RunDataLoader>();
        builder.Services.AddSingleton<RunInputStore>();
        builder.Services.AddSingleton<MetricHistoryBulkInterval>();
        builder.Services.AddSingleton<RunLogWriter>();
        builder.Services.AddSingleton<RunSearch>();
        builder.Services.AddSingleton<MetricHistory>();
        builder.Services.AddSingleton<ArtifactStore>();
        builder.Services.AddSingleton<RegisteredModelStore>();
        builder.Services.AddSingleton<ModelVersionStore>();
        builder.Services.AddSingleton<MetricCharts>();
        builder.Services.AddSingleton<LoggedModelStore>();
        builder.Services.AddSingleton<LoggedModelLoader>();
        builder.Services.AddSingleton<LoggedModelSearch>();
        builder.Services.AddSingleton<RunModelLinks>();
        builder.Services.AddSingleton<RunModelHistory>();
        builder.Services.AddExceptionHandler<MlflowErrorHandler>();
        // UseExceptionHandler() without a path refuses to start unless ProblemDetails is registered; the handler
        // above answers every exception before ProblemDetails would.
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = MlflowJson.Options.PropertyNamingPolicy;
            json.SerializerOptions.NumberHandling = MlflowJson.Options.NumberHandling;
            json.SerializerOptions.DefaultIgnoreCondition = MlflowJson.Options.DefaultIgnoreCondition;
            json.SerializerOptions.Encoder = MlflowJson.Options.Encoder;
        });
        // MapDefaultEndpoints' GET /health (every check, readiness included) answers MLflow's plain "OK" when healthy,
        // so MLflow clients and the Aspire dashboard share one endpoint.
        builder.Services.Configure<HealthCheckOptions>(health => health.ResponseWriter = (context, report) =>
            context.Response.WriteAsync(report.Status == HealthStatus.Unhealthy ? "UNHEALTHY" : "OK"));
        builder.Services.AddRazorPages();
        return builder;
    }

    /// <summary>Schema migrations and the artifact container, before the first request.</summary>
    public static async Task PrepareStorageAsync(this WebApplication app, CancellationToken ct)
    {
        await app.Services.GetRequiredService<SchemaMigrator>().MigrateAsync(ct);
        await app.Services.GetRequiredService<ArtifactStore>().EnsureContainerAsync(ct);
    }
}
