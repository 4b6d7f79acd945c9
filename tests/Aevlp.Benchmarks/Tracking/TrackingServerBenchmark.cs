using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Aevlp.Tracking.Client;
using Aevlp.Tracking.Client.Protocol;

namespace Aevlp.Benchmarks.Tracking;

/// <summary>The experiment tracker under a training-sized load, against a running server (MLFLOW_TRACKING_URI,
/// default http://localhost:5000; the API key from MLFLOW_TRACKING_TOKEN, as MLflow clients take it): creates RUNS runs
/// with 50 params each, logs 20 metrics × 100 steps to each (log-batch calls of 1000 metrics) from 4 concurrent clients
/// (metrics/s), times single log-batch calls, then runs/search and the web UI's experiment page (first page, as a browser
/// asks for it) latency percentiles over that experiment. AEVLP_BENCH_RUNS overrides the 10,000 runs;
/// AEVLP_BENCH_EXPERIMENT names an experiment loaded by an earlier run, to time searches again without reloading.
/// Method and results: docs/benchmarks.md.</summary>
public sealed class TrackingServerBenchmark : IBenchmark
{
    private const int Metrics = 20, Steps = 100, Params = 50, Loaders = 4;
    private const long FirstStartTime = 1_700_000_000_000;

    public string Name => "tracking-server";

    public string Description => "log-batch metrics/s and runs/search p50/p95 against a running tracker";

    public async Task RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        var uri = Environment.GetEnvironmentVariable("MLFLOW_TRACKING_URI") ?? "http://localhost:5000";
        var runs = int.Parse(Environment.GetEnvironmentVariable("AEVLP_BENCH_RUNS") ?? "10000", CultureInfo.InvariantCulture);
        using var http = new HttpClient { BaseAddress = new Uri(uri.TrimEnd('/') + "/"), Timeout = TimeSpan.FromMinutes(5) };
        if (Environment.GetEnvironmentVariable("MLFLOW_TRACKING_TOKEN") is { Length: > 0 } token)
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }
        var client = new MlflowClient(http);
        var experiment = Environment.GetEnvironmentVariable("AEVLP_BENCH_EXPERIMENT");
        if (experiment is null)
        {
            experiment = await client.CreateExperimentAsync($"bench-{runs}x{Params}p-{Metrics}x{Steps}-{DateTime.UtcNow:yyyyMMddHHmmss}", ct: cancellationToken);
            await LoadAsync(client, experiment, runs, cancellationToken);
        }
        Console.WriteLine($"server {uri}, experiment {experiment}");
        await TimeSingleBatchesAsync(client, experiment, options.Runs, cancellationToken);
        await TimeColdSearchesAsync(http, experiment, runs, cancellationToken);
        await TimeSearchesAsync(http, client, experiment, Math.Max(options.Runs, 50), cancellationToken);
        await TimeExperimentPageAsync(http, experiment, Math.Max(options.Runs, 50), cancellationToken);
        // What the run cache costs in memory, where the tracker runs on this machine.
        foreach (var tracker in Process.GetProcessesByName("Aevlp.Tracking"))
        {
            Console.WriteLine($"tracker process {tracker.Id}: resident {tracker.WorkingSet64 >> 20} MiB, peak {tracker.PeakWorkingSet64 >> 20} MiB");
        }
    }

    private static async Task TimeExperimentPageAsync(HttpClient http, string experiment, int repetitions, CancellationToken ct)
    {
        var latency = await MeasureLatency.PercentilesAsync(async () =>
        {
            using var response = await http.GetAsync($"experiments/{experiment}", ct);
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync(ct);
        }, repetitions);
        Console.WriteLine($"experiment page (web UI, first page of 50 runs, whole HTML): {latency}");
    }

    private static async Task LoadAsync(MlflowClient client, string experiment, int runs, CancellationToken ct)
    {
        var ids = new string[runs];
        var created = await ConcurrentlyAsync(runs, async i =>
        {
            ids[i] = (await client.CreateRunAsync(experiment, $"run-{i}", startTime: FirstStartTime + i, ct: ct)).Info.RunId;
            await client.LogBatchAsync(ids[i], @params: [new Param("model", i % 3 == 0 ? "resnet18" : "vit-b16"),
                new Param("seed", i.ToString(CultureInfo.InvariantCulture)),
                .. Enumerable.Range(0, Params - 2).Select(k => new Param($"hp_{k:00}", ((i + k) % 7).ToString(CultureInfo.InvariantCulture)))], ct: ct);
        });
        Console.WriteLine($"runs/create + params: {runs} runs in {created:F1} s = {runs / created:F0} runs/s");
        var logged = await ConcurrentlyAsync(runs, i => client.LogBatchAsync(ids[i], Batch(i), ct: ct));
        Console.WriteLine($"log-batch: {runs * Metrics * Steps} metric values in {runs * Metrics * Steps / 1000} calls of 1000 in {logged:F1} s " +
            $"= {runs * Metrics * Steps / logged:F0} metrics/s ({Loaders} concurrent clients)");
    }

    /// <summary>Runs <paramref name="work"/> for 0..count-1 on <see cref="Loaders"/> concurrent workers; the wall time in seconds.</summary>
    private static async Task<double> ConcurrentlyAsync(int count, Func<int, Task> work)
    {
        int next = -1;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Loaders).Select(async _ =>
        {
            for (int i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next)) await work(i);
        }));
        return watch.Elapsed.TotalSeconds;
    }

    // Metric k of run i decays from 1 to a run-specific floor; steps 0..99.
    private static Metric[] Batch(int i) =>
        Enumerable.Range(0, Metrics * Steps)
            .Select(j => new Metric($"metric_{j / Steps}", (i % 100) / 100.0 + 1.0 / (1 + j % Steps), 1_700_000_000_000 + j, j % Steps))
            .ToArray();

    private static async Task TimeSingleBatchesAsync(MlflowClient client, string experiment, int repetitions, CancellationToken ct)
    {
        var run = (await client.CreateRunAsync(experiment, "batch-timing", ct: ct)).Info.RunId;
        int call = 0;
        var latency = await MeasureLatency.PercentilesAsync(
            () => client.LogBatchAsync(run, Batch(call++), ct: ct), Math.Max(repetitions, 30));
        Console.WriteLine($"log-batch of 1000 metrics, one client: {latency} = {1000 / (latency.P50Ms / 1000):F0} metrics/s at the median");
    }

    /// <summary>Each search twice: server time (request sent to the answer's last byte read, as a proxy or a browser
    /// sees it) and as a .NET client sees it (the answer parsed into runs by <see cref="MlflowClient"/>).</summary>
    private static async Task TimeSearchesAsync(HttpClient http, MlflowClient client, string experiment, int repetitions, CancellationToken ct)
    {
        (string Name, SearchRunsRequest Request)[] searches =
        [
            ("newest 100", new SearchRunsRequest([experiment], MaxResults: 100)),
            ("newest 1000 (MLflow's default page size)", new SearchRunsRequest([experiment])),
            ("metric filter, order by metric, 100", new SearchRunsRequest([experiment], "metrics.metric_3 < 0.5", MaxResults: 100, OrderBy: ["metrics.metric_3 DESC"])),
            ("param filter + metric filter, 100", new SearchRunsRequest([experiment], "params.model = 'resnet18' and metrics.metric_0 > 0.2", MaxResults: 100)),
            ("page 50 of 100 by start_time", new SearchRunsRequest([experiment], MaxResults: 100, OrderBy: ["attributes.start_time ASC"])),
        ];
        foreach (var (name, request) in searches)
        {
            var first = await client.SearchRunsAsync(request, ct);
            var timed = name.StartsWith("page", StringComparison.Ordinal) ? await PageTokenAsync(client, request, 49, ct) : request;
            var server = await MeasureLatency.PercentilesAsync(() => ReadSearchAnswerAsync(http, timed, ct), repetitions);
            var parsed = await MeasureLatency.PercentilesAsync(() => client.SearchRunsAsync(timed, ct), repetitions);
            Console.WriteLine($"runs/search {name} ({first.Runs.Count} runs/page): server {server}; parsed by MlflowClient {parsed}");
        }
    }

    /// <summary>1,000-run pages no search has read before, so the tracker assembles every run from PostgreSQL rather than
    /// its run cache: disjoint windows of start time, each read once (a fresh tracker, or runs written since, are in this
    /// case). Run first, before any search warms the cache.</summary>
    private static async Task TimeColdSearchesAsync(HttpClient http, string experiment, int runs, CancellationToken ct)
    {
        var windows = Math.Min(10, runs / 1000);
        if (windows == 0) return;
        var window = 0;
        var latency = await MeasureLatency.PercentilesAsync(() =>
        {
            var from = FirstStartTime + 1000L * window++;
            var request = new SearchRunsRequest([experiment], $"attributes.start_time >= {from} and attributes.start_time < {from + 1000}");
            return ReadSearchAnswerAsync(http, request, ct);
        }, windows, warmups: 0);
        Console.WriteLine($"runs/search, 1000 runs never read before (cold run cache): server {latency}");
    }

    private static async Task ReadSearchAnswerAsync(HttpClient http, SearchRunsRequest request, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync("api/2.0/mlflow/runs/search", request, MlflowJson.Options, ct);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync(ct);
    }

    private static async Task<SearchRunsRequest> PageTokenAsync(MlflowClient client, SearchRunsRequest request, int pages, CancellationToken ct)
    {
        for (int i = 0; i < pages; i++)
            request = request with { PageToken = (await client.SearchRunsAsync(request, ct)).NextPageToken };
        return request;
    }
}
