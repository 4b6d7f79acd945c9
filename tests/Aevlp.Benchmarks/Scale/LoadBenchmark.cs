using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aevlp.Registry.Api;
using Dapper;
using Npgsql;

namespace Aevlp.Benchmarks.Scale;

/// <summary>N runs (1,000; <c>--sizes N</c>) queued at once through the HTTP API on one platform in local mode with one replica of
/// each worker, every run one epoch on 40 mosaics. Measures how fast the registry takes and dispatches runs, what each run costs
/// PostgreSQL and RabbitMQ, and how the queue drains; then checks every run ended once with nothing lost or doubled
/// (<see cref="RunLedger"/>). Method and results: docs/benchmarks.md, "Load: 1,000 runs through the HTTP API".</summary>
public sealed class LoadBenchmark : IBenchmark
{
    private const int Posters = 8;

    public string Name => "load";

    public string Description => "1,000 one-epoch runs queued through the HTTP API: dispatch rate, PostgreSQL writes and messages per run, drain";

    public async Task RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        var count = options.Sizes?[0] ?? 1000;
        var platform = new ScalePlatform(trainers: 1);
        await platform.InitializeAsync();
        try
        {
            // One run alone first: it makes the teacher pass the others reuse, and warms every service.
            var warm = await platform.Registry.StartRunAsync(ScalePlatform.Run("load-warm", epochs: 1));
            var warmRun = await platform.Registry.WaitUntilEndedAsync(warm, TimeSpan.FromMinutes(10));
            Console.WriteLine($"warm-up run: {warmRun.Run.Status.Text()} in {(warmRun.Run.FinishedAt - warmRun.Run.CreatedAt)?.TotalSeconds:F1} s");
            await MeasureAsync(platform, count, cancellationToken);
        }
        finally
        {
            await platform.DisposeAsync();
        }
    }

    private static async Task MeasureAsync(ScalePlatform platform, int count, CancellationToken ct)
    {
        using var management = await BrokerActivity.ManagementClientAsync(platform);
        var registryDb = await platform.RegistryDatabaseAsync();
        var (pgBefore, brokerBefore) = (await PostgresActivity.SnapshotAsync(registryDb, ct), await BrokerActivity.SnapshotAsync(management, ct));

        var clock = Stopwatch.StartNew();
        var (ids, latencies) = await SubmitAsync(platform, count, ct);
        var submitted = clock.Elapsed;
        Console.WriteLine($"submitted {ids.Count} runs in {submitted.TotalSeconds:F1} s with {Posters} concurrent clients: " +
            $"{ids.Count / submitted.TotalSeconds:F1} runs/s; POST latency p50 {Percentile(latencies, 0.50):F0} ms, p95 {Percentile(latencies, 0.95):F0} ms, p99 {Percentile(latencies, 0.99):F0} ms");

        var peakQueued = await DrainAsync(platform, management, ids, clock, ct);
        var drained = clock.Elapsed;
        var pg = await PostgresActivity.SnapshotAsync(registryDb, ct) - pgBefore;
        var broker = await BrokerActivity.SnapshotAsync(management, ct) - brokerBefore;

        await ReportDispatchAsync(registryDb, ids, ct);
        Console.WriteLine($"drained in {drained.TotalMinutes:F1} min: {ids.Count / drained.TotalMinutes:F1} runs/min end to end; peak messages in queues {peakQueued}");
        foreach (var (name, db) in pg.Databases)
        {
            Console.WriteLine($"PostgreSQL {name}: {(double)db.Commits / ids.Count:F1} commits and {(double)db.RowsWritten / ids.Count:F1} rows written per run " +
                $"({(double)db.Inserted / ids.Count:F1} inserted, {(double)db.Updated / ids.Count:F1} updated, {(double)db.Deleted / ids.Count:F1} deleted)");
        }
        Console.WriteLine($"RabbitMQ: {(double)broker.Published / ids.Count:F1} messages published and {(double)broker.Delivered / ids.Count:F1} delivered per run; " +
            $"{broker.Published / drained.TotalSeconds:F1} published/s and {broker.Delivered / drained.TotalSeconds:F1} delivered/s on average");

        var ledger = await RunLedger.CheckAsync(platform, ids, ct);
        Console.WriteLine($"ledger: {string.Join(", ", ledger.Statuses.Select(s => $"{s.Value} {s.Key.Text()}"))}; {ledger.ModelVersions} model versions; " +
            $"{ledger.EpochsRedone} epochs trained again; {ledger.Problems.Count} problems");
        foreach (var problem in ledger.Problems.Take(20)) Console.WriteLine($"  problem: {problem}");
    }

    private static async Task<(List<Guid> Ids, List<double> LatenciesMs)> SubmitAsync(ScalePlatform platform, int count, CancellationToken ct)
    {
        var ids = new ConcurrentBag<Guid>();
        var latencies = new ConcurrentBag<double>();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = Posters, CancellationToken = ct }, async (i, token) =>
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await platform.Http.PostAsJsonAsync("/api/runs", ScalePlatform.Run($"load-{i}", epochs: 1), JsonSerializerOptions.Web, token);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (response.StatusCode != HttpStatusCode.Accepted) throw new InvalidOperationException($"run {i}: {response.StatusCode} {await response.Content.ReadAsStringAsync(token)}");
            ids.Add((await response.Content.ReadFromJsonAsync<RunCreated>(JsonSerializerOptions.Web, token))!.RunId);
        });
        return ([.. ids], [.. latencies]);
    }

    /// <summary>Waits until every run has ended, printing the queue each minute.</summary>
    /// <returns>The most messages RabbitMQ's queues held at once, sampled every 5 s.</returns>
    private static async Task<long> DrainAsync(ScalePlatform platform, HttpClient management, List<Guid> ids, Stopwatch clock, CancellationToken ct)
    {
        await using var db = new NpgsqlConnection(await platform.RegistryDatabaseAsync());
        long peak = 0;
        var nextReport = TimeSpan.Zero;
        while (true)
        {
            var statuses = (await db.QueryAsync<(string Status, long Runs)>(new CommandDefinition(
                "SELECT status, count(*) FROM runs WHERE id = ANY(@ids) GROUP BY status", new { ids = ids.ToArray() }, cancellationToken: ct))).ToList();
            peak = Math.Max(peak, (await BrokerActivity.SnapshotAsync(management, ct)).Queued);
            var open = statuses.Where(s => !RunLedger.Status(s.Status).IsTerminal()).Sum(s => s.Runs);
            if (clock.Elapsed >= nextReport || open == 0)
            {
                Console.WriteLine($"  {clock.Elapsed.TotalMinutes,5:F1} min: {string.Join(", ", statuses.Select(s => $"{s.Runs} {s.Status}"))}");
                nextReport = clock.Elapsed + TimeSpan.FromMinutes(1);
            }
            if (open == 0) return peak;
            await Task.Delay(TimeSpan.FromSeconds(5), ct);
        }
    }

    /// <summary>From the registry's own history: how long each run waited between being stored and its first stage's command
    /// going out, and how the registry's time per run splits between runs.</summary>
    private static async Task ReportDispatchAsync(string registryDb, List<Guid> ids, CancellationToken ct)
    {
        await using var db = new NpgsqlConnection(registryDb);
        var dispatch = (await db.QueryAsync<(DateTime Created, DateTime Started)>(new CommandDefinition("""
            SELECT r.created_at, min(e.at) FROM runs r JOIN run_events e ON e.run_id = r.id AND e.kind = 'Started'
            WHERE r.id = ANY(@ids) GROUP BY r.id, r.created_at
            """, new { ids = ids.ToArray() }, cancellationToken: ct))).ToList();
        var waits = dispatch.Select(d => (d.Started - d.Created).TotalMilliseconds).ToList();
        var span = (dispatch.Max(d => d.Started) - dispatch.Min(d => d.Created)).TotalSeconds;
        Console.WriteLine($"dispatch: {dispatch.Count} runs from first stored to last started in {span:F1} s ({dispatch.Count / span:F1} runs/s); " +
            $"stored → first stage dispatched p50 {Percentile(waits, 0.50):F0} ms, p95 {Percentile(waits, 0.95):F0} ms");
        var stages = await db.QueryAsync<(string Stage, double Median, double P95, long Attempts)>(new CommandDefinition("""
            SELECT stage, percentile_cont(0.5) WITHIN GROUP (ORDER BY compute_seconds), percentile_cont(0.95) WITHIN GROUP (ORDER BY compute_seconds), count(*)
            FROM run_stages WHERE run_id = ANY(@ids) GROUP BY stage ORDER BY min(started_at)
            """, new { ids = ids.ToArray() }, cancellationToken: ct));
        foreach (var stage in stages)
        {
            Console.WriteLine($"  {stage.Stage}: {stage.Attempts} attempts, compute p50 {stage.Median:F2} s, p95 {stage.P95:F2} s");
        }
    }

    private static double Percentile(IEnumerable<double> values, double p) => MeasureLatency.Percentile([.. values.Order()], p);
}
