using Aevlp.ServiceDefaults;
using Aevlp.Tracking;
using Aevlp.Tracking.Api;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceTelemetry(TrackingTelemetry.Name);
builder.AddPostgres("trackingdb");
builder.AddBlobStorage();
builder.AddTrackingServer();

var app = builder.Build();
await app.PrepareStorageAsync(app.Lifetime.ApplicationStopping);

app.UseExceptionHandler();
app.UseStaticFiles();
app.MapDefaultEndpoints();
app.MapGet("/version", () => Results.Text(typeof(Program).Assembly.GetName().Version!.ToString(3)));
app.MapMlflowApi();
app.MapRazorPages();
app.Run();
