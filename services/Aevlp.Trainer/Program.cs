using Aevlp.ServiceDefaults;
using Aevlp.Trainer;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddTrainer();

var app = builder.Build();
app.Logger.LogInformation("Trainer {Worker} on {Runtime}", app.Services.GetRequiredService<IOptions<TrainerOptions>>().Value.Worker, Aevlp.ML.TorchRuntime.Describe());
app.MapDefaultEndpoints();
app.Run();
