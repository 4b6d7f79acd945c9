using Aevlp.AppHost.Tests;
using Aevlp.Tracking.Client;
using Aspire.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Aevlp.Tracking.Tests;

/// <summary>The real AppHost in local mode (PostgreSQL, Azurite and the tracker on loopback, data under /tmp), started
/// once for every test of the collection, and a client registered exactly as services register it.</summary>
public sealed class TrackingFixture : IAsyncLifetime
{
    private readonly string dataDir = LocalAppHost.NewDataDir();
    private DistributedApplication? app;
    private IHost? clientHost;

    public Uri BaseUri { get; private set; } = null!;

    public MlflowClient Client { get; private set; } = null!;

    /// <summary>For requests the typed client would never send.</summary>
    public HttpClient Http { get; } = new();

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(LocalAppHost.StartTimeout);
        app = await LocalAppHost.StartAsync(dataDir, timeout.Token, "tracking");
        BaseUri = app.GetEndpoint("tracking", "http");
        Http.BaseAddress = BaseUri;

        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["services:tracking:http:0"] = BaseUri.ToString();
        builder.AddMlflowTracking();
        clientHost = builder.Build();
        await clientHost.StartAsync(timeout.Token);
        Client = clientHost.Services.GetRequiredService<MlflowClient>();
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (clientHost is not null)
        {
            await clientHost.StopAsync();
            clientHost.Dispose();
        }
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        Directory.Delete(dataDir, recursive: true);
    }

    /// <summary>A fresh experiment per test, so tests never see each other's runs.</summary>
    public Task<string> NewExperimentAsync(string purpose) =>
        Client.CreateExperimentAsync($"{purpose}-{Guid.NewGuid():N}");
}

[CollectionDefinition(Name)]
public sealed class TrackingCollection : ICollectionFixture<TrackingFixture>
{
    public const string Name = "tracking";
}
