using Aevlp.AppHost.Services;
using Aevlp.Testing;
using Aevlp.Contracts;
using Aevlp.ServiceDefaults;
using Aevlp.Storage;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Azure.Storage.Blobs;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Aevlp.PseudoLabeler.Tests;

/// <summary>
/// The real AppHost in local mode (RabbitMQ, Azurite, <see cref="Replicas"/> pseudo-labelers sharing passes in chunks of
/// <see cref="ChunkImages"/>) with a tiny demo dataset, started once for the collection, plus a bus that records every pipeline
/// event the pseudo-labelers publish.
/// </summary>
public sealed class PseudoLabelerPlatform : AppHostFixture
{
    public const string Name = "pseudolabeler";
    public const int TrainImages = 12;
    public const int ChunkImages = 3;
    public const int Replicas = 3;

    /// <summary>Demo sizes small enough to seed and score in seconds.</summary>
    private static readonly Dictionary<string, string> PseudoLabelerSettings = new()
    {
        ["DemoAssets__TrainCount"] = $"{TrainImages}",
        ["DemoAssets__TestCount"] = "4",
        ["DemoAssets__CanvasSize"] = "64",
        ["DemoAssets__HeldOutPerClass"] = "2",
        ["DemoAssets__ExamplesPerClass"] = "2",
        ["PseudoLabeler__HeartbeatInterval"] = "00:00:00.500",
        ["PseudoLabeler__ChunkImages"] = $"{ChunkImages}",
    };

    private IHost? listener;

    protected override string[] Resources => ["messaging", "blobs", Name];

    protected override string[] Settings => [$"--{Workers.PseudoLabelerReplicasSetting}={Replicas}"];

    protected override Action<IDistributedApplicationTestingBuilder> Configure => builder =>
    {
        AppModel.Only(Name)(builder);
        var pseudolabeler = builder.Project(Name);
        pseudolabeler.WithEnvironment("PseudoLabeler__CacheDirectory", Path.Combine(DataDir, "pseudolabeler-cache"));
        foreach (var (name, value) in PseudoLabelerSettings) pseudolabeler.WithEnvironment(name, value);
    };

    public PipelineEvents Events { get; } = new();

    public BlobServiceClient Blobs { get; private set; } = null!;

    public IBus Bus => listener!.Services.GetRequiredService<IBus>();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        using var timeout = new CancellationTokenSource(LocalAppHost.StartTimeout);
        Blobs = new BlobServiceClient(await ConnectionStringAsync("blobs"));
        listener = await TestBus.StartAsync(await ConnectionStringAsync("messaging"),
            services => services.AddSingleton(Events), bus => bus.AddConsumer<PipelineEventsConsumer>(), timeout.Token);
    }

    public async Task<BinaryData> DownloadAsync(BlobPath path) =>
        (await Blobs.GetBlobContainerClient(path.Container).GetBlobClient(path.Name).DownloadContentAsync()).Value.Content;

    public override async Task DisposeAsync()
    {
        if (listener is not null) await listener.StopAsync();
        listener?.Dispose();
        await base.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class PseudoLabelerCollection : ICollectionFixture<PseudoLabelerPlatform>
{
    public const string Name = "PseudoLabeler";
}
