using System.Globalization;
using Aevlp.AppHost.Services;
using Aevlp.Registry.Api;
using Aevlp.Testing;
using Aspire.Hosting;
using Aspire.Hosting.Testing;

namespace Aevlp.Benchmarks.Scale;

/// <summary>The whole platform in local mode for the load and chaos runs: the embedded demo shrunk to 40 training mosaics, so a
/// run's own compute is small beside the platform's work on it, and the registry's watchdog at the faults suite's 40 s stage
/// timeout (a run lease, 30 s, plus 10 s), so a dead worker's stage is given to the next attempt within a minute.</summary>
public sealed class ScalePlatform(int trainers) : PlatformFixture
{
    public static readonly TimeSpan StageTimeout = TimeSpan.FromSeconds(40);

    protected override IReadOnlyDictionary<string, string> DemoSize { get; } = new Dictionary<string, string>
    {
        ["DemoAssets__TrainCount"] = "40",
        ["DemoAssets__TestCount"] = "16",
        ["DemoAssets__CanvasSize"] = "64",
        ["DemoAssets__HeldOutPerClass"] = "4",
        ["DemoAssets__ExamplesPerClass"] = "4",
    };

    protected override string[] Settings => [$"--{Workers.TrainerReplicasSetting}={trainers}"];

    protected override void ConfigurePlatform(IDistributedApplicationTestingBuilder builder) =>
        builder.Project(RegistryResource.Name)
            .WithEnvironment("Registry__StageTimeout", StageTimeout.ToString())
            .WithEnvironment("Registry__WatchdogInterval", "00:00:02");

    /// <summary>A demo run of <paramref name="epochs"/> epochs: the faults suite's small CNN on 64-pixel mosaics. The grid size
    /// picks one of a few teacher passes, so the pseudo-labeler has passes to make as well as passes to reuse.</summary>
    public static TrainRequestBody Run(string name, int epochs, int gridSize = 2) => new(
        $"{name}-{Guid.NewGuid():N}", DemoDataset, name,
        new Dictionary<string, object>
        {
            ["arch"] = "small-cnn", ["use_pretrained"] = false, ["image_size"] = 64, ["num_epochs"] = epochs, ["bsize"] = 16,
            ["grid_size"] = gridSize,
        });

    public async Task<string> RegistryDatabaseAsync() => await ConnectionStringAsync("registrydb");

    public static string Invariant(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}

/// <summary>The body of <c>POST /api/runs</c> as a user writes it.</summary>
public sealed record TrainRequestBody(string IdempotencyKey, string Dataset, string RunName, IReadOnlyDictionary<string, object> Config);
