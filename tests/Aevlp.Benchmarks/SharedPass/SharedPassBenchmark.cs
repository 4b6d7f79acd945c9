using System.Collections.Concurrent;
using Aevlp.Contracts;
using Aevlp.ML.Teachers;
using Aevlp.Storage;
using Aevlp.Testing;
using Azure.Storage.Blobs;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Aevlp.Benchmarks.SharedPass;

/// <summary>
/// One teacher pass with 1 and 2 pseudo-labeler replicas (one ONNX Runtime thread each), alternating, each on a fresh
/// platform: the pass time (first chunk sent to last committed), views/s, the merge (chunks → logits.npy) and everything
/// else the coordinator does, as shares of the stage. Every pass computes the same logits: their SHA-256s must agree.
/// </summary>
public sealed class SharedPassBenchmark : IBenchmark
{
    private const int ChunkImages = 64;
    private const string Teacher = "resnet18-imagenet-demo";

    public string Name => "shared-pass";

    public string Description => "One teacher pass, 1 vs 2 pseudo-labeler replicas of 1 thread: pass time, views/s, merge overhead (--sizes images, --grids G)";

    public async Task RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        int images = options.Sizes?[0] ?? 480, grid = options.Grids?[0] ?? 2;
        Console.WriteLine($"{images} images × {1 + grid * grid} views × 2 variants, chunks of {ChunkImages}");
        var results = new List<(int Replicas, PassResult Result)>();
        for (int run = 0; run < options.Runs; run++)
        {
            foreach (int replicas in run % 2 == 0 ? new[] { 1, 2 } : [2, 1])
            {
                var result = await MeasureAsync(replicas, images, grid, cancellationToken);
                Console.WriteLine($"run {run + 1}, {replicas} replica(s): {result}");
                results.Add((replicas, result));
            }
        }
        Report(results, images * (1 + grid * grid) * 2);
    }

    /// <summary>A fresh platform with <paramref name="replicas"/> replicas; a small untimed pass (G = 1, one variant) fills each
    /// replica's local copies of the dataset and teacher and opens the teacher, then one timed pass.</summary>
    private static async Task<PassResult> MeasureAsync(int replicas, int images, int grid, CancellationToken cancellationToken)
    {
        var platform = new SharedPassPlatform(replicas, images, ChunkImages);
        await platform.InitializeAsync();
        try
        {
            var passes = new Passes(platform, new BlobServiceClient(await platform.ConnectionStringAsync("blobs")));
            using var bus = await passes.StartBusAsync(cancellationToken);
            await passes.RunAsync(grid: 1, variants: 1, cancellationToken);
            return await passes.RunAsync(grid, variants: 2, cancellationToken);
        }
        finally
        {
            await platform.DisposeAsync();
        }
    }

    private static void Report(List<(int Replicas, PassResult Result)> results, long views)
    {
        Console.WriteLine("| replicas | pass s (median) | views/s | merge s | merge / pass | rest of the stage / stage | workers per pass |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var group in results.GroupBy(r => r.Replicas).OrderBy(g => g.Key))
        {
            var pass = Median(group.Select(r => r.Result.PassSeconds));
            var merge = Median(group.Select(r => r.Result.MergeSeconds));
            var rest = Median(group.Select(r => (r.Result.StageSeconds - r.Result.PassSeconds) / r.Result.StageSeconds));
            Console.WriteLine($"| {group.Key} | {pass:F1} | {views / pass:F1} | {merge:F3} | {merge / pass:P2} | {rest:P2} | " +
                $"{string.Join(", ", group.Select(r => r.Result.Workers).Distinct())} |");
        }
        var hashes = results.Select(r => r.Result.LogitsSha256).Distinct().ToList();
        Console.WriteLine(hashes.Count == 1
            ? $"logits.npy identical across all {results.Count} passes (SHA-256 {hashes[0][..16]}…)"
            : $"logits.npy DIFFER: {hashes.Count} distinct SHA-256s");
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <param name="StageSeconds">The coordinator's whole job: inputs, plan, pass, merge and upload.</param>
    public sealed record PassResult(double StageSeconds, double PassSeconds, double MergeSeconds, int Workers, string LogitsSha256)
    {
        public override string ToString() =>
            $"stage {StageSeconds:F1} s, pass {PassSeconds:F1} s, merge {MergeSeconds:F3} s, {Workers} worker(s), sha256 {LogitsSha256[..12]}";
    }

    /// <summary>Publishes passes with fresh keys and waits for their <see cref="PseudoLabelsReady"/>.</summary>
    private sealed class Passes(AppHostFixture platform, BlobServiceClient blobs)
    {
        private readonly ConcurrentDictionary<Guid, TaskCompletionSource<PseudoLabelsReady>> waiting = new();
        private IBus? bus;

        public async Task<IHost> StartBusAsync(CancellationToken cancellationToken)
        {
            var host = await TestBus.StartAsync(await platform.ConnectionStringAsync("messaging"), services => services.AddSingleton(waiting),
                consumers => consumers.AddConsumer<ReadyConsumer>(), cancellationToken);
            bus = host.Services.GetRequiredService<IBus>();
            return host;
        }

        public async Task<PassResult> RunAsync(int grid, int variants, CancellationToken cancellationToken)
        {
            var request = new GeneratePseudoLabels(Guid.NewGuid(), 1, "fashion-mosaic", "1", Teacher, grid, variants);
            var ready = waiting.GetOrAdd(request.RunId, _ => new TaskCompletionSource<PseudoLabelsReady>(TaskCreationOptions.RunContinuationsAsynchronously));
            await bus!.Publish(request, cancellationToken);
            var outcome = await ready.Task.WaitAsync(TimeSpan.FromHours(1), cancellationToken);
            var path = BlobLayout.PseudoLabel(outcome.PseudoLabelKey, TeacherLogitsManifest.FileName);
            var json = (await blobs.GetBlobContainerClient(path.Container).GetBlobClient(path.Name).DownloadContentAsync(cancellationToken)).Value.Content;
            var manifest = TeacherLogitsManifest.FromJson(json.ToMemory().Span, path.ToString());
            return new PassResult(outcome.Seconds, manifest.Seconds, manifest.MergeSeconds, manifest.Chunks!.Select(c => c.Worker).Distinct().Count(),
                manifest.LogitsSha256);
        }
    }

    private sealed class ReadyConsumer(ConcurrentDictionary<Guid, TaskCompletionSource<PseudoLabelsReady>> waiting) : IConsumer<PseudoLabelsReady>
    {
        public Task Consume(ConsumeContext<PseudoLabelsReady> context)
        {
            if (waiting.TryGetValue(context.Message.RunId, out var ready)) ready.TrySetResult(context.Message);
            return Task.CompletedTask;
        }
    }
}
