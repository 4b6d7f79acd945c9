using Aevlp.ServiceDefaults;
using Aevlp.Storage;
using Aevlp.Tracking.Client;
using Aevlp.Trainer;
using Aevlp.Trainer.Consumers;
using Aevlp.Trainer.Telemetry;
using Aevlp.Trainer.Training;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddServiceTelemetry(TrainerTelemetry.Name);
builder.AddBlobStorage();
builder.AddMlflowTracking();
builder.AddMessaging(bus => bus.AddStageConsumer<TrainModelConsumer>(typeof(TrainModelConsumerDefinition)));

builder.Services.AddOptions<TrainerOptions>().BindConfiguration(TrainerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddSingleton<TrainerTelemetry>();
builder.Services.AddSingleton(sp => new LocalBlobCache(sp.GetRequiredService<BlobStore>(), sp.GetRequiredService<IOptions<TrainerOptions>>().Value.CacheDir));
builder.Services.AddScoped<RunInputs>();
builder.Services.AddScoped<EpochTracking>();
builder.Services.AddScoped<TrainingJob>();

var app = builder.Build();
app.Logger.LogInformation("Trainer {Worker} on {Runtime}", app.Services.GetRequiredService<IOptions<TrainerOptions>>().Value.Worker, Aevlp.ML.TorchRuntime.Describe());
app.MapDefaultEndpoints();
app.Run();
