using Aevlp.Evaluator;
using Aevlp.Evaluator.Consumers;
using Aevlp.Evaluator.Evaluation;
using Aevlp.Evaluator.Telemetry;
using Aevlp.ServiceDefaults;
using Aevlp.Storage;
using Aevlp.Tracking.Client;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddServiceTelemetry(EvaluatorTelemetry.Name);
builder.AddBlobStorage();
builder.AddMlflowTracking();
builder.AddMessaging(bus => bus.AddStageConsumer<EvaluateModelConsumer>());

builder.Services.AddOptions<EvaluatorOptions>().BindConfiguration(EvaluatorOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddSingleton(ModelEvaluation.DetectExecution);
builder.Services.AddSingleton<EvaluatorTelemetry>();
builder.Services.AddSingleton(sp => new LocalBlobCache(sp.GetRequiredService<BlobStore>(), sp.GetRequiredService<IOptions<EvaluatorOptions>>().Value.CacheDir));
builder.Services.AddScoped<ModelEvaluation>();
builder.Services.AddScoped<TestMetricsTracking>();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
