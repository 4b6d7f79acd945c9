using Aevlp.Registry;
using Aevlp.Registry.Api;
using Aevlp.Registry.Storage;
using Aevlp.ServiceDefaults;
using Aevlp.ServiceDefaults.Security;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddRegistry();
builder.Services.AddProblemDetails();
builder.Services.AddOpenApi();
// Every request, the OpenAPI document included, needs the API key unless Security:OpenDevelopment is on.
builder.AddApiKeyAuthentication();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseApiKeyAuthentication();

// The schema is in place before the bus delivers the first message or the API takes the first request.
await app.MigrateSchemaAsync();

app.MapOpenApi();
app.MapRunsApi();
app.MapModelsApi();
app.MapDatasetsApi();
app.MapTeachersApi();
app.MapWeightsApi();
app.MapConfigsApi();
app.MapDefaultEndpoints();
app.Run();
