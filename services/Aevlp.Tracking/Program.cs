using Aevlp.ServiceDefaults;
using Aevlp.ServiceDefaults.Security;
using Aevlp.Tracking;
using Aevlp.Tracking.Api;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddTrackingServer();
// Every request needs the API key (Bearer, X-Api-Key or the login page's cookie) unless Security:OpenDevelopment is on.
builder.AddApiKeyAuthentication(auth => auth.LoginPath = "/login");

var app = builder.Build();
await app.PrepareStorageAsync(app.Lifetime.ApplicationStopping);

app.UseExceptionHandler();
app.UseStaticFiles();
app.UseApiKeyAuthentication();
app.MapDefaultEndpoints();
app.MapGet("/version", () => Results.Text(typeof(Program).Assembly.GetName().Version!.ToString(3)));
app.MapMlflowApi();
app.MapRazorPages();
app.Run();
