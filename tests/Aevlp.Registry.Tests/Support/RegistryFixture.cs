using Aevlp.AppHost.Services;
using Aevlp.ServiceDefaults;
using Aevlp.Testing;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Azure.Storage.Blobs;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Aevlp.Registry.Tests.Support;

/// <summary>The real AppHost (PostgreSQL, RabbitMQ, Azurite, the tracker and the registry; the real workers
/// removed) started once for all registry tests, plus a bus client that plays the workers: it records what the registry publishes and publishes
/// the workers' events.</summary>
public sealed class RegistryFixture : AppHostFixture
{
    /// <summary>Short enough for the watchdog test, long enough that a test driving stages by hand never
    /// looks stalled on a busy two-core machine.</summary>
    public static readonly TimeSpan StageTimeout = TimeSpan.FromSeconds(15);
    public const int MaxAttempts = 2;

    private IHost? workers;

    /// <summary>Sends the API key, as every registry client must.</summary>
    public HttpClient Http { get; private set; } = null!;
    public MessageLog Messages { get; } = new();
    public IBus Bus => workers!.Services.GetRequiredService<IBus>();
    public BlobServiceClient Blobs { get; private set; } = null!;
    public string Broker { get; private set; } = "";

    protected override string[] Resources => [RegistryResource.Name];

    protected override Action<IDistributedApplicationTestingBuilder> Configure => builder =>
    {
        AppModel.Only(RegistryResource.Name, "tracking")(builder);
        builder.Project(RegistryResource.Name)
            .WithEnvironment("Registry__StageTimeout", StageTimeout.ToString())
            .WithEnvironment("Registry__MaxAttempts", MaxAttempts.ToString())
            .WithEnvironment("Registry__WatchdogInterval", TimeSpan.FromSeconds(1).ToString());
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        using var timeout = new CancellationTokenSource(LocalAppHost.StartTimeout);
        Http = await App.CreateAuthorizedHttpClientAsync(RegistryResource.Name, timeout.Token);
        Blobs = new BlobServiceClient(await ConnectionStringAsync("blobs"));
        Broker = await ConnectionStringAsync("messaging");
        workers = await TestBus.StartAsync(Broker, services => services.AddSingleton(Messages), bus => bus.AddConsumer<MessageRecorder>(), timeout.Token);
        await TestAssets.StoreAsync(Blobs);
    }

    public override async Task DisposeAsync()
    {
        if (workers is not null) await workers.StopAsync();
        workers?.Dispose();
        await base.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class RegistryCollection : ICollectionFixture<RegistryFixture>
{
    public const string Name = "registry";
}
