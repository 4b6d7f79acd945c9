using Aevlp.ML.Inference;
using Aevlp.ML.Teachers;
using Aevlp.PseudoLabeler.Chunks;
using Aevlp.PseudoLabeler.Consumers;
using Aevlp.PseudoLabeler.Demo;
using Aevlp.PseudoLabeler.Storage;
using Aevlp.PseudoLabeler.Telemetry;
using Aevlp.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace Aevlp.PseudoLabeler;

public static class PseudoLabelerServiceExtensions
{
    /// <summary>Options, telemetry, the teacher runtime, storage, the job, the stage's consumer, and the demo seeding with its readiness check.</summary>
    public static WebApplicationBuilder AddPseudoLabeler(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PseudoLabelerOptions>().BindConfiguration(PseudoLabelerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.AddServiceTelemetry(PseudoLabelerTelemetry.Name);
        builder.AddBlobStorage();
        // A replica coordinates one pass at a time and scores one chunk at a time, of its own pass or another replica's.
        builder.AddMessaging(bus =>
        {
            bus.AddStageConsumer<GeneratePseudoLabelsConsumer>(typeof(GeneratePseudoLabelsConsumerDefinition));
            bus.AddConsumer<ScoreTeacherChunkConsumer>(typeof(ScoreTeacherChunkConsumerDefinition));
            bus.AddConsumer<ScoreTeacherChunkFaultConsumer>();
        });
        builder.Services.AddOptions<DemoAssetsOptions>().BindConfiguration(DemoAssetsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(DetectExecution);
        builder.Services.AddSingleton<PseudoLabelerTelemetry>();
        builder.Services.AddLocalBlobCache<PseudoLabelerOptions>(options => options.CacheDirectory);
        builder.Services.AddSingleton<PseudoLabelInputs>();
        builder.Services.AddSingleton<PseudoLabelStore>();
        builder.Services.AddSingleton<SharedPass>();
        builder.Services.AddSingleton<LoadedTeacher>();
        builder.Services.AddSingleton<ChunkScorer>();
        builder.Services.AddSingleton<PseudoLabelJob>();
        builder.Services.AddSingleton<DemoAssetsStatus>();
        builder.Services.AddHostedService<DemoAssets>();
        builder.Services.AddHealthChecks().AddCheck<DemoAssetsStatus>("demo-assets", tags: [ServiceDefaultsExtensions.ReadyTag]);
        return builder;
    }

    /// <summary>Decided once per process and logged, so the dashboard shows where the teacher runs and why.</summary>
    private static OnnxExecution DetectExecution(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<PseudoLabelerOptions>>().Value;
        var execution = OnnxExecution.Detect(options.PreferCuda, options.IntraOpThreads);
        services.GetRequiredService<ILogger<OnnxExecution>>()
            .LogInformation("Teacher runs on {Provider}: {Reason}", execution.Provider, execution.Reason);
        return execution;
    }
}
