using System.Net;
using System.Text;
using Aevlp.AppHost.Services;

namespace Aevlp.AppHost.Tests;

/// <summary><c>Security:OpenDevelopment=true</c> on the AppHost: the registry and the tracker answer without a key, and
/// say at start that they are open. (Secure mode is tested in the registry's and the tracker's ApiKeyTests.)</summary>
public sealed class OpenDevelopmentTests
{
    [Fact]
    public async Task With_open_development_reads_and_writes_need_no_key_and_each_service_warns_that_it_is_open()
    {
        using var timeout = new CancellationTokenSource(LocalAppHost.StartTimeout * 2);
        using var dataDir = new TestFolder();
        await using var app = await LocalAppHost.StartAsync(dataDir.Path, [$"--{ApiSecurity.OpenDevelopmentSetting}=true"],
            AppModel.Only(TrackingServer.Name, RegistryResource.Name), timeout.Token, TrackingServer.Name, RegistryResource.Name);

        using var registry = app.CreateHttpClient(RegistryResource.Name);
        Assert.Equal(HttpStatusCode.OK, (await registry.GetAsync("/api/runs", timeout.Token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await registry.GetAsync("/openapi/v1.json", timeout.Token)).StatusCode);
        // Past authentication: an empty request is judged on its content.
        Assert.Equal(HttpStatusCode.BadRequest, (await registry.PostAsync("/api/runs", Json("{}"), timeout.Token)).StatusCode);

        using var tracker = app.CreateHttpClient(TrackingServer.Name);
        var created = await tracker.PostAsync("api/2.0/mlflow/experiments/create", Json("""{"name":"open-development"}"""), timeout.Token);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await tracker.GetAsync("/", timeout.Token)).StatusCode);

        foreach (var service in new[] { TrackingServer.Name, RegistryResource.Name })
        {
            var lines = await ResourceLogs.AllLinesAsync(app, service);
            Assert.Single(lines, line => line.Contains("Security:OpenDevelopment is on", StringComparison.Ordinal));
        }
        await app.StopAsync(timeout.Token);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
