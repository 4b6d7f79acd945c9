using System.Text.Json.Nodes;
using Aevlp.AppHost.Services;
using Aevlp.Registry.Api;
using Aevlp.Storage;
using Aevlp.Testing;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Aevlp.Faults.Tests;

/// <summary>The platform with two trainer replicas and a watchdog that notices a silent stage after
/// <see cref="StageTimeout"/> (longer than a run lease, so a dead replica's lease has expired when its run
/// is given to the next attempt). Faults are injected one test at a time: the tests share one collection.</summary>
public sealed class FaultsPlatform : PlatformFixture
{
    public static readonly TimeSpan StageTimeout = BlobLease.Duration + TimeSpan.FromSeconds(10);

    public static readonly TimeSpan Within = TimeSpan.FromMinutes(4);

    private const string Trainer = "trainer";

    /// <summary>What <c>remote-worker.env</c> names as this host: the host's end of <see cref="RemoteWorkerTests"/>' veth pair.</summary>
    public static readonly string RemoteHost = NetworkNamespace.HostAddressOfThisProcess;

    // The servers workers use listen on every address, so that workers in a network namespace reach them (RemoteWorkerTests).
    protected override string[] Settings =>
        [$"--{Workers.TrainerReplicasSetting}=2", "--Infrastructure:BindAddress=0.0.0.0", $"--Infrastructure:AdvertisedAddress={RemoteHost}"];

    protected override void ConfigurePlatform(IDistributedApplicationTestingBuilder builder)
    {
        builder.Project(RegistryResource.Name)
            .WithEnvironment("Registry__StageTimeout", StageTimeout.ToString())
            .WithEnvironment("Registry__WatchdogInterval", "00:00:02");
        // Several chunks per pass, so a remote pseudo-labeler has some to take.
        builder.Project("pseudolabeler").WithEnvironment("PseudoLabeler__ChunkImages", "30");
    }

    /// <summary>A tiny demo run; each test names its own so that runs never share an idempotency key.</summary>
    public static object Run(string name, int epochs) => new
    {
        idempotencyKey = $"{name}-{Guid.NewGuid():N}",
        dataset = DemoDataset,
        runName = name,
        config = TinyConfig(epochs),
    };

    /// <summary>The cheapest training the demo dataset gets: a small CNN from random weights on 64-pixel images.</summary>
    public static object TinyConfig(int epochs) => new { arch = "small-cnn", use_pretrained = false, image_size = 64, num_epochs = epochs, bsize = 16 };

    public async Task<RunDetails> WaitForEpochAsync(Guid runId, int epoch) =>
        await Registry.WaitForRunAsync(runId, run => TrainingEpoch(run) >= epoch, Within);

    public static int TrainingEpoch(RunDetails run) => run.Progress?["Training"]?["epoch"]?.GetValue<int>() ?? 0;

    /// <summary>SIGKILLs this platform's trainer replicas, as a test that needs them gone does (<see cref="PlatformProcesses"/>);
    /// <see cref="StartStoppedTrainersAsync"/> brings them back.</summary>
    /// <returns>The killed processes' ids.</returns>
    public async Task<List<int>> KillHostTrainersAsync()
    {
        var trainers = PlatformProcesses.Of("Aevlp.Trainer", await ConnectionStringAsync("messaging"));
        PlatformProcesses.Kill(trainers);
        return trainers;
    }

    /// <summary>Starts the trainer replicas a test killed and waits until they are healthy.</summary>
    public Task StartStoppedTrainersAsync() => StartStoppedReplicasAsync(Trainer);

    /// <summary>The epochs of a run's history, in order: (attempt, epoch, worker) of every EpochEnded event.</summary>
    public static List<(int Attempt, int Epoch, string Worker)> EpochHistory(RunDetails run) =>
        [.. run.Events.Where(e => e.Kind == "EpochEnded" && e.Detail is JsonObject).Select(e =>
            (e.Attempt ?? 0, e.Detail!["epoch"]!.GetValue<int>(), e.Detail["worker"]!.GetValue<string>()))];
}

[CollectionDefinition(Name)]
public sealed class FaultsCollection : ICollectionFixture<FaultsPlatform>
{
    public const string Name = "Faults";
}
