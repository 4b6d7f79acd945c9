using System.Diagnostics;
using System.Globalization;
using Aevlp.AppHost.Infrastructure;
using Aevlp.ML.Teachers;
using Aevlp.Registry.Api;
using Aevlp.Storage;

namespace Aevlp.Faults.Tests;

/// <summary>Workers on another host, without containers: a trainer and a pseudo-labeler run from their build output in a
/// network namespace that reaches the platform only through a veth pair, with nothing but what <c>remote-worker.env</c>
/// holds (README "Workers on other machines"). They take work, and the run of the remote trainer, SIGKILLed mid-run,
/// finishes on a host replica (the host's trainers are stopped until then, so that the run is the remote trainer's).</summary>
[Collection(FaultsCollection.Name)]
public sealed class RemoteWorkerTests(FaultsPlatform platform) : IAsyncLifetime
{
    private static readonly string Root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", ".."));
    private readonly NetworkNamespace host = NetworkNamespace.Create();
    private readonly string scratch = Directory.CreateTempSubdirectory("aevlp-remote-worker-").FullName;
    private readonly List<string> log = [];

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>The host's trainers back, whatever the test got to, for the next test of the collection.</summary>
    public async Task DisposeAsync()
    {
        host.Dispose();
        Directory.Delete(scratch, recursive: true);
        await platform.StartStoppedTrainersAsync();
    }

    [Fact]
    public async Task Workers_in_another_network_namespace_take_work_and_a_killed_remote_trainers_run_finishes_on_the_host()
    {
        var environment = RemoteWorkerEnvironmentFile();
        Assert.Equal($"http://{FaultsPlatform.RemoteHost}:{new Uri(environment["services__tracking__http__0"]).Port}", environment["services__tracking__http__0"]);
        Assert.False(host.CanConnect("127.0.0.1", new Uri(environment["services__tracking__http__0"]).Port), "the namespace reaches the host's loopback");
        Assert.True(host.CanConnect(FaultsPlatform.RemoteHost, new Uri(environment["services__tracking__http__0"]).Port), "the namespace cannot reach the tracker");

        // The host's trainers are stopped, so the remote one takes the run; they are started again to take it over.
        Assert.NotEmpty(await platform.KillHostTrainersAsync());
        var pseudoLabeler = StartRemote("Aevlp.PseudoLabeler", new() { ["DemoAssets__Enabled"] = "false", ["PseudoLabeler__CacheDirectory"] = Path.Combine(scratch, "pl") });
        var trainer = StartRemote("Aevlp.Trainer", new() { ["Trainer__CacheDir"] = Path.Combine(scratch, "trainer") });
        await WaitHealthyAsync(pseudoLabeler, 8081);
        await WaitHealthyAsync(trainer, 8082);

        var runId = await platform.Registry.StartRunAsync(new
        {
            idempotencyKey = $"remote-{Guid.NewGuid():N}",
            dataset = FaultsPlatform.DemoDataset,
            runName = "remote",
            config = new { arch = "small-cnn", use_pretrained = false, image_size = 64, num_epochs = 8, bsize = 16, grid_size = 1, variants = 1 },
        });
        var training = await platform.WaitForEpochAsync(runId, 2);
        Assert.True(training.Worker!.EndsWith($":{trainer.Id}", StringComparison.Ordinal), $"trained by {training.Worker}, not the remote trainer {trainer.Id}\n{Log()}");
        trainer.Kill();
        await platform.StartStoppedTrainersAsync();

        var run = await platform.Registry.WaitUntilEndedAsync(runId, FaultsPlatform.Within);
        Assert.True(run.Run.Status == RunStatus.Finished, $"run ended {run.Run.Status}: {run.Error?.Stage} {run.Error?.Reason}");
        var history = FaultsPlatform.EpochHistory(run);
        Assert.Contains(history, e => e.Attempt == 1 && e.Worker.EndsWith($":{trainer.Id}", StringComparison.Ordinal));
        Assert.Contains(history, e => e.Attempt > 1 && !e.Worker.EndsWith($":{trainer.Id}", StringComparison.Ordinal));
        var chunks = (await ManifestAsync(run.Links.PseudoLabels!)).Chunks!;
        Assert.Contains(chunks, c => c.Worker.EndsWith($":{pseudoLabeler.Id}", StringComparison.Ordinal));
    }

    /// <summary>remote-worker.env as a shell would source it (values in single quotes).</summary>
    private Dictionary<string, string> RemoteWorkerEnvironmentFile() =>
        File.ReadAllLines(Path.Combine(platform.DataDir, RemoteWorkerEnvironment.FileName))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1].Trim('\''));

    private Process StartRemote(string project, Dictionary<string, string> settings)
    {
        var environment = RemoteWorkerEnvironmentFile();
        foreach (var (name, value) in settings) environment[name] = value;
        int port = project.EndsWith("Trainer", StringComparison.Ordinal) ? 8082 : 8081;
        environment["ASPNETCORE_URLS"] = $"http://{host.Address}:{port}";
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/')).Parent!.Name;   // bin/{Debug|Release}/net10.0
        return host.Start(Path.Combine(Root, "services", project, "bin", configuration, "net10.0", $"{project}.dll"), environment, log);
    }

    private async Task WaitHealthyAsync(Process worker, int port)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (DateTime.UtcNow < deadline && !worker.HasExited)
        {
            try
            {
                if ((await http.GetAsync($"http://{host.Address}:{port}/health")).IsSuccessStatusCode) return;
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(1000);
        }
        throw new TimeoutException($"the remote worker on port {port} did not turn healthy (exited: {worker.HasExited})\n{Log()}");
    }

    /// <param name="folder"><c>pseudo-labels/{key}/</c>, as the run's links give it.</param>
    private async Task<TeacherLogitsManifest> ManifestAsync(string folder)
    {
        var path = BlobPath.Parse($"{folder}{TeacherLogitsManifest.FileName}");
        var json = await platform.Blobs.TryDownloadAsync(path, CancellationToken.None) ?? throw new InvalidOperationException($"{path} not found");
        return TeacherLogitsManifest.FromJson(json.ToMemory().Span, path.ToString());
    }

    private string Log()
    {
        lock (log) return string.Join('\n', log.TakeLast(40));
    }
}
