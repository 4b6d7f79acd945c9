using Aevlp.AppHost.Infrastructure;
using Aevlp.AppHost.Services;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aevlp.TestSupport;

/// <summary>Starts the real AppHost in local mode over a data folder, and waits until the named resources
/// are healthy.</summary>
public static class LocalAppHost
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    public static Task<DistributedApplication> StartAsync(string dataDir, CancellationToken cancellationToken, params string[] resources) =>
        StartAsync(dataDir, configure: null, cancellationToken, resources);

    /// <param name="configure">Changes to the app model before it starts, e.g. settings for a service.</param>
    public static async Task<DistributedApplication> StartAsync(string dataDir, Action<IDistributedApplicationTestingBuilder>? configure,
        CancellationToken cancellationToken, params string[] resources)
    {
        // The registry's stable port (5100) would collide between test runs side by side; tests get a free one.
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AEVLP_AppHost>(
            ["--Infrastructure:Mode=local", $"--Infrastructure:DataDir={dataDir}", $"--{RegistryResource.PortSetting}={FreePort.OnLoopback()}"],
            cancellationToken);
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        configure?.Invoke(builder);
        var app = await builder.BuildAsync(cancellationToken);
        await app.StartAsync(cancellationToken);
        foreach (var resource in resources)
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, cancellationToken);
        }
        return app;
    }

    /// <summary>A data folder PostgreSQL can enter when the tests run as root (/tmp is world-traversable).</summary>
    public static string NewDataDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "aevlp-test-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        return dir;
    }
}
