using Aevlp.Tracking.Client;
using Aevlp.ML.Inference;
using Aevlp.Registry.Assets;
using Aevlp.Registry.Datasets;
using Aevlp.Registry.Consumers;
using Aevlp.Registry.Pipeline;
using Aevlp.Registry.Search;
using Aevlp.Registry.Storage;
using Aevlp.Registry.Tracking;
using Aevlp.ServiceDefaults;
using Dapper;
using MassTransit;

namespace Aevlp.Registry;

public static class RegistryServiceExtensions
{
    public const string DatabaseName = "registrydb";

    public static WebApplicationBuilder AddRegistry(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RegistryOptions>().BindConfiguration(RegistryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.AddServiceTelemetry(RegistryTelemetry.Name);
        builder.AddPostgres(DatabaseName, typeof(RegistryServiceExtensions).Assembly);
        builder.AddBlobStorage();
        builder.AddMessaging(bus =>
        {
            bus.AddConsumer<TrainRequestedConsumer>();
            bus.AddConsumer<StageEventsConsumer>();
            bus.AddConsumer<ProgressConsumer>();
        },
        // Transient failures (a database restart) are retried in place; a request that is merely
        // invalid never throws (it is answered with RunRejected), so it is never retried.
        Backoff.ThroughDatabaseRestart);

        // Columns are snake_case, records PascalCase.
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        builder.Services.AddSingleton<RunStore>();
        builder.Services.AddSingleton<RunTransitions>();
        builder.Services.AddSingleton<RunHistory>();
        builder.Services.AddSingleton<ModelStore>();
        builder.Services.AddSingleton<SearchStore>();
        builder.Services.AddSingleton<DatasetCatalog>();
        builder.Services.AddSingleton<TeacherCatalog>();
        builder.Services.AddSingleton<WeightsCatalog>();
        builder.Services.AddSingleton<RunAssetCheck>();
        // Imported teachers are probed on the CPU: one small batch, and the registry needs no GPU.
        builder.Services.AddSingleton(OnnxExecution.Cpu());
        builder.Services.AddSingleton<RegistryTelemetry>();
        builder.Services.AddSingleton<RunRequestValidator>();
        builder.AddMlflowTracking();
        builder.Services.AddSingleton<IExperimentTracker, MlflowExperimentTracker>();
        builder.Services.AddSingleton<TrackerLinks>();

        // Scoped: inside a consumer, IPublishEndpoint is the consume context, so what a stage publishes
        // carries the conversation of the event that caused it.
        builder.Services.AddScoped<RunSubmission>();
        builder.Services.AddScoped<RunStarter>();
        builder.Services.AddScoped<StageDispatcher>();
        builder.Services.AddScoped<ModelRegistrar>();
        builder.Services.AddScoped<RunCompletion>();
        builder.Services.AddScoped<SearchScheduler>();
        builder.Services.AddScoped<PipelineOrchestrator>();
        builder.Services.AddScoped<ProgressRecorder>();
        builder.Services.AddScoped<RunCancellation>();
        builder.Services.AddHostedService<StageWatchdog>();
        return builder;
    }
}
