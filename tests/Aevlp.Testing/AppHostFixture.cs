using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Xunit;

namespace Aevlp.Testing;

/// <summary>One running AppHost (local mode, its own data folder) shared by the tests of a collection:
/// starting the servers costs tens of seconds, so each test project pays it once.</summary>
public abstract class AppHostFixture : IAsyncLifetime
{
    private readonly TestFolder dataDir = new();
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
    public string DataDir => dataDir.Path;

    /// <summary>The platform's API key (the <c>api-key</c> parameter), which the registry and the tracker require.</summary>
    public string ApiKey { get; private set; } = "";

    public async Task<string> ConnectionStringAsync(string resource) =>
        await App.GetConnectionStringAsync(resource) ?? throw new InvalidOperationException($"No connection string for '{resource}'.");

    public virtual async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(LocalAppHost.StartTimeout);
        app = await LocalAppHost.StartAsync(dataDir.Path, Settings, Configure, Dashboard, timeout.Token, Resources);
        DashboardUri = Dashboard ? app.DashboardUri() : null;
        ApiKey = await app.ApiKeyAsync(timeout.Token);
    }

    /// <summary>Stops an infrastructure server (all of its processes), waits, and starts it again, as the dashboard's
    /// stop and start buttons do.</summary>
    public async Task OutageAsync(string resource, TimeSpan downFor)
    {
        var commands = App.Services.GetRequiredService<ResourceCommandService>();
        var stopped = await commands.ExecuteCommandAsync(resource, KnownResourceCommands.StopCommand);
        Assert.True(stopped.Success, $"stop {resource}: {stopped.Message}");
        await Task.Delay(downFor);
        var started = await commands.ExecuteCommandAsync(resource, KnownResourceCommands.StartCommand);
        Assert.True(started.Success, $"start {resource}: {started.Message}");
        using var timeout = new CancellationTokenSource(LocalAppHost.StartTimeout);
        await App.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
    }

    /// <summary>Starts the replicas of a project that a test killed (the dashboard's start button) and waits until they are healthy.</summary>
    public async Task StartStoppedReplicasAsync(string project)
    {
        var commands = App.Services.GetRequiredService<ResourceCommandService>();
        using var timeout = new CancellationTokenSource(LocalAppHost.StartTimeout);
        foreach (var replica in await ReplicasAsync(project, timeout.Token))
        {
            if (replica.Snapshot.State?.Text == KnownResourceStates.Running) continue;
            var started = await commands.ExecuteCommandAsync(replica.ResourceId, KnownResourceCommands.StartCommand, timeout.Token);
            Assert.True(started.Success, $"start {replica.ResourceId}: {started.Message}");
            await App.ResourceNotifications.WaitForResourceAsync(project,
                e => e.ResourceId == replica.ResourceId && e.Snapshot.HealthStatus == HealthStatus.Healthy, timeout.Token);
        }
    }

    // The notification service replays every resource's current state to a new watcher, then follows changes.
    private async Task<IReadOnlyCollection<ResourceEvent>> ReplicasAsync(string project, CancellationToken cancellationToken)
    {
        var latest = new Dictionary<string, ResourceEvent>();
        using var replay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        replay.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            await foreach (var change in App.ResourceNotifications.WatchAsync(replay.Token))
            {
                if (change.Resource.Name == project) latest[change.ResourceId] = change;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
        return latest.Values;
    }

    public virtual async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        dataDir.Dispose();
    }
}
