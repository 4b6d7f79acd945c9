using Aevlp.AppHost.Infrastructure;
using Aevlp.AppHost.Services;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aevlp.Testing;

/// <summary>Starts the real AppHost in local mode over a data folder, and waits until the named resources
/// are healthy. The tracker and the registry get free ports, so a test run never collides with a platform
/// already listening on their stable ports (5000, 5100) or with another test run.</summary>
public static class LocalAppHost
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    public static Task<DistributedApplication> StartAsync(string dataDir, IEnumerable<string> settings,
        Action<IDistributedApplicationTestingBuilder> configure, CancellationToken cancellationToken, params string[] resources) =>
        StartAsync(dataDir, settings, configure, dashboard: false, cancellationToken, resources);

    /// <param name="settings">Extra AppHost settings (<c>--Key=value</c>).</param>
    /// <param name="configure">Changes the app model before it starts, e.g. a service's settings for the test.</param>
    /// <param name="dashboard">Runs the Aspire dashboard, without login (see <see cref="DashboardUri"/>); the testing builder
    /// leaves it off by default, which spares a process and every service's telemetry export.</param>
    public static async Task<DistributedApplication> StartAsync(string dataDir, IEnumerable<string> settings,
        Action<IDistributedApplicationTestingBuilder> configure, bool dashboard, CancellationToken cancellationToken, params string[] resources)
    {
        // The registry's stable port (5100) would collide between test runs side by side; tests get a free one.
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AEVLP_AppHost>(
            ["--Infrastructure:Mode=local", $"--Infrastructure:DataDir={dataDir}", $"--Tracking:Port={FreePort.OnLoopback()}",
             $"--{RegistryResource.PortSetting}={FreePort.OnLoopback()}", .. dashboard ? DashboardSettings : [], .. settings],
            (options, _) => options.DisableDashboard = !dashboard,
            cancellationToken);
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        configure(builder);
        var app = await builder.BuildAsync(cancellationToken);
        await app.StartAsync(cancellationToken);
        foreach (var resource in resources)
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, cancellationToken);
        }
        return app;
    }

    /// <summary>The dashboard of an app started with <c>dashboard: true</c> (its port is picked at start, as every port in
    /// tests).</summary>
    public static Uri DashboardUri(this DistributedApplication app) => app.GetEndpoint("aspire-dashboard", "http");   // Aspire's name for its dashboard resource

    // What the AppHost's launch profile gives `dotnet run`, on free loopback ports.
    private static string[] DashboardSettings =>
    [
        $"--ASPNETCORE_URLS=http://127.0.0.1:{FreePort.OnLoopback()}",
        $"--ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=http://127.0.0.1:{FreePort.OnLoopback()}",
        $"--ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL=http://127.0.0.1:{FreePort.OnLoopback()}",
        "--ASPIRE_ALLOW_UNSECURED_TRANSPORT=true",
        "--ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true",
    ];
}
