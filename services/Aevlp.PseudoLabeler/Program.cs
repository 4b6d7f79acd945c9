using Aevlp.PseudoLabeler;
using Aevlp.PseudoLabeler.Telemetry;
using Aevlp.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddServiceTelemetry(PseudoLabelerTelemetry.Name);
builder.AddBlobStorage();
builder.AddPseudoLabeler();
builder.AddMessaging(bus => bus.AddPseudoLabelerConsumers());

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
