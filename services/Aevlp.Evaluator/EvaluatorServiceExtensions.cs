using Aevlp.Evaluator.Consumers;
using Aevlp.Evaluator.Evaluation;
using Aevlp.Evaluator.Telemetry;
using Aevlp.ServiceDefaults;
using Aevlp.Tracking.Client;

namespace Aevlp.Evaluator;

public static class EvaluatorServiceExtensions
{
    /// <summary>Options, telemetry, blob storage with the local cache, the tracker client, ONNX Runtime, and the evaluation stage's consumer.</summary>
    public static WebApplicationBuilder AddEvaluator(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<EvaluatorOptions>().BindConfiguration(EvaluatorOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.AddServiceTelemetry(EvaluatorTelemetry.Name);
        builder.AddBlobStorage();
        builder.AddMlflowTracking();
        builder.AddMessaging(bus => bus.AddStageConsumer<EvaluateModelConsumer>());

        builder.Services.AddSingleton(ModelEvaluation.DetectExecution);
        builder.Services.AddSingleton<EvaluatorTelemetry>();
        builder.Services.AddLocalBlobCache<EvaluatorOptions>(options => options.CacheDir);
        builder.Services.AddScoped<ModelEvaluation>();
        builder.Services.AddScoped<TestMetricsTracking>();
        return builder;
    }
}
