using Aevlp.ServiceDefaults;
using Aevlp.Tracking.Client;
using Aevlp.Trainer.Consumers;
using Aevlp.Trainer.Telemetry;
using Aevlp.Trainer.Training;

namespace Aevlp.Trainer;

public static class TrainerServiceExtensions
{
    /// <summary>Options, telemetry, blob storage with the local cache, the tracker client, and the training stage's consumer.</summary>
    public static WebApplicationBuilder AddTrainer(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<TrainerOptions>().BindConfiguration(TrainerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.AddServiceTelemetry(TrainerTelemetry.Name);
        builder.AddBlobStorage();
        builder.AddMlflowTracking();
        builder.AddMessaging(bus => bus.AddStageConsumer<TrainModelConsumer>(typeof(TrainModelConsumerDefinition)));

        builder.Services.AddSingleton<TrainerTelemetry>();
        builder.Services.AddLocalBlobCache<TrainerOptions>(options => options.CacheDir);
        builder.Services.AddScoped<RunInputs>();
        builder.Services.AddScoped<EpochTracking>();
        builder.Services.AddScoped<TrainingJob>();
        return builder;
    }
}
