using Aevlp.Registry;
using Aevlp.Registry.Api;
using Aevlp.Registry.Storage;
using Aevlp.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddRegistry();
builder.Services.AddProblemDetails();
builder.Services.AddOpenApi();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();

// The schema is in place before the bus delivers the first message or the API takes the first request.
await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(app.Lifetime.ApplicationStopping);

app.MapOpenApi();
app.MapRunsApi();
app.MapModelsApi();
app.MapDatasetsApi();
app.MapDefaultEndpoints();
app.Run();
