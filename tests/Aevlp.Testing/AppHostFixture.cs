using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Xunit;

namespace Aevlp.Testing;

/// <summary>One running AppHost (local mode, its own data folder) shared by the tests of a collection:
/// starting the servers costs tens of seconds, so each test project pays it once.</summary>
public abstract class AppHostFixture : IAsyncLifetime
{
    private readonly string dataDir = LocalAppHost.NewDataDir();
    private DistributedApplication? app;

    /// <summary>The resources the tests need healthy before they start.</summary>
    protected abstract string[] Resources { get; }

    /// <summary>AppHost settings (<c>--Key=value</c>), e.g. the trainer's replica count.</summary>
    protected virtual string[] Settings => [];

    /// <summary>Changes to the app model before it starts; by default the whole platform runs.</summary>
    protected virtual Action<IDistributedApplicationTestingBuilder> Configure => _ => { };

    /// <summary>Whether the Aspire dashboard runs (on <see cref="DashboardUri"/>, without login); off by default.</summary>
    protected virtual bool Dashboard => false;

    /// <summary>The Aspire dashboard, when <see cref="Dashboard"/>.</summary>
    public Uri? DashboardUri { get; private set; }

    public DistributedApplication App => app ?? throw new InvalidOperationException("The AppHost has not started.");

    /// <summary>The data folder of this AppHost (credentials.json is in it).</summary>
    public string DataDir => dataDir;

    /// <summary>The platform's API key (the <c>api-key</c> parameter), which the registry and the tracker require.</summary>
    public string ApiKey { get; private set; } = "";

    public async Task<string> ConnectionStringAsync(string resource) =>
        await App.GetConnectionStringAsync(resource) ?? throw new InvalidOperationException($"No connection string for '{resource}'.");

    public virtual async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(LocalAppHost.StartTimeout);
        app = await LocalAppHost.StartAsync(dataDir, Settings, Configure, Dashboard, timeout.Token, Resources);
        DashboardUri = Dashboard ? app.DashboardUri() : null;
        ApiKey = await app.ApiKeyAsync(timeout.Token);
    }

    public virtual async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        Directory.Delete(dataDir, recursive: true);
    }
}
