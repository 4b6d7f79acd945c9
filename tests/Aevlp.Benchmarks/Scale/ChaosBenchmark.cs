using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aevlp.AppHost.Infrastructure;
using Aevlp.Registry.Api;
using Aevlp.Testing;
using Dapper;
using Npgsql;

namespace Aevlp.Benchmarks.Scale;

/// <summary>Ten minutes (<c>AEVLP_BENCH_MINUTES</c>) of faults under a queue of 30 runs (<c>--sizes N</c>): every 30–60 s a random
/// worker replica is SIGKILLed and started again, or RabbitMQ or PostgreSQL is stopped for 3–10 s and started again (the
/// dashboard's buttons). Ended runs are replaced, so 30 are always queued or running. Then every run must end exactly once, with
/// every epoch recorded once, nothing left queued, no orphan blob and no duplicate model version (<see cref="RunLedger"/>).
/// The faults are drawn from a fixed seed (<c>AEVLP_BENCH_SEED</c>). Method and results: docs/reliability.md, "Chaos".</summary>
public sealed class ChaosBenchmark : IBenchmark
{
    private const int Epochs = 3;

    private static readonly (string Resource, string? Assembly)[] Victims =
    [
        ("trainer", "Aevlp.Trainer"), ("pseudolabeler", "Aevlp.PseudoLabeler"), ("evaluator", "Aevlp.Evaluator"),
        (PlatformInfrastructure.MessagingName, null), (PlatformInfrastructure.PostgresName, null),
    ];

    public string Name => "chaos";

    public string Description => "10 minutes of killed workers and restarted RabbitMQ and PostgreSQL under 30 queued runs; every run ends once";

    public async Task RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        var queue = options.Sizes?[0] ?? 30;
        var duration = TimeSpan.FromMinutes(double.Parse(Environment.GetEnvironmentVariable("AEVLP_BENCH_MINUTES") ?? "10", CultureInfo.InvariantCulture));
        var seed = int.Parse(Environment.GetEnvironmentVariable("AEVLP_BENCH_SEED") ?? "18", CultureInfo.InvariantCulture);
        // Two streams, so the faults' schedule does not depend on how many runs happened to end between two faults.
        Random random = new(seed), grids = new(seed + 1);
        var platform = new ScalePlatform(trainers: 2);
        await platform.InitializeAsync();
        try
        {
            var runs = new List<Guid>();
            var faults = new Dictionary<string, int>();
            var clock = Stopwatch.StartNew();
            var nextFault = NextFault(random, clock.Elapsed);
            while (clock.Elapsed < duration)
            {
                await TopUpAsync(platform, runs, queue, grids, cancellationToken);
                if (clock.Elapsed >= nextFault)
                {
                    var victim = Victims[random.Next(Victims.Length)];
                    Console.WriteLine($"  {clock.Elapsed.TotalMinutes,5:F1} min: {await InjectAsync(platform, victim, random)}");
                    faults[victim.Resource] = faults.GetValueOrDefault(victim.Resource) + 1;
                    nextFault = NextFault(random, clock.Elapsed);
                }
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            }
            Console.WriteLine($"faults over {duration.TotalMinutes:F0} min: {string.Join(", ", faults.Select(f => $"{f.Key} ×{f.Value}"))}; {runs.Count} runs submitted");
            var drain = Stopwatch.StartNew();
            await WaitForEndsAsync(platform, runs, TimeSpan.FromMinutes(20), cancellationToken);
            Console.WriteLine($"the last runs ended {drain.Elapsed.TotalMinutes:F1} min after the faults stopped");
            var ledger = await RunLedger.CheckAsync(platform, runs, cancellationToken);
            Console.WriteLine($"ledger: {string.Join(", ", ledger.Statuses.Select(s => $"{s.Value} {s.Key.Text()}"))}; {ledger.ModelVersions} model versions; " +
                $"{ledger.EpochsRedone} epochs trained again; {ledger.Problems.Count} problems");
            foreach (var problem in ledger.Problems.Take(40)) Console.WriteLine($"  problem: {problem}");
        }
        finally
        {
            await platform.DisposeAsync();
        }
    }

    private static TimeSpan NextFault(Random random, TimeSpan now) => now + TimeSpan.FromSeconds(30 + random.Next(31));

    private static async Task<string> InjectAsync(ScalePlatform platform, (string Resource, string? Assembly) victim, Random random)
    {
        if (victim.Assembly is null)
        {
            var down = TimeSpan.FromSeconds(3 + random.Next(8));
            await platform.OutageAsync(victim.Resource, down);
            return $"{victim.Resource} stopped for {down.TotalSeconds:F0} s and started";
        }
        var replicas = PlatformProcesses.Replicas(victim.Assembly, await platform.ConnectionStringAsync("messaging"));
        if (replicas.Count == 0) return $"{victim.Resource}: no replica running";
        var replica = replicas[random.Next(replicas.Count)];
        PlatformProcesses.Kill(replica);
        await Task.Delay(TimeSpan.FromSeconds(2));
        await platform.StartStoppedReplicasAsync(victim.Resource);
        return $"{victim.Resource} replica (processes {string.Join(", ", replica)}) SIGKILLed and started again";
    }

    /// <summary>The submission a server outage interrupted; sent again, with its idempotency key, before any new one.</summary>
    private TrainRequestBody? pending;

    /// <summary>Submits runs until <paramref name="queue"/> of them are neither ended nor refused. A refusal or an error while a
    /// server is down is retried at the next step; an idempotency key is reused until its run is accepted, so a retried submission
    /// never makes two runs.</summary>
    private async Task TopUpAsync(ScalePlatform platform, List<Guid> runs, int queue, Random random, CancellationToken ct)
    {
        var open = runs.Count - await EndedAsync(platform, runs, ct);
        for (; open < queue; open++)
        {
            pending ??= ScalePlatform.Run($"chaos-{runs.Count}", Epochs, gridSize: 2 + random.Next(3));
            try
            {
                using var response = await platform.Http.PostAsJsonAsync("/api/runs", pending, JsonSerializerOptions.Web, ct);
                if (response.StatusCode != HttpStatusCode.Accepted) return;
                runs.Add((await response.Content.ReadFromJsonAsync<RunCreated>(JsonSerializerOptions.Web, ct))!.RunId);
                pending = null;
            }
            catch (HttpRequestException)
            {
                return;
            }
        }
    }

    private static async Task<int> EndedAsync(ScalePlatform platform, List<Guid> runs, CancellationToken ct)
    {
        try
        {
            await using var db = new NpgsqlConnection(await platform.RegistryDatabaseAsync());
            var statuses = await db.QueryAsync<string>(new CommandDefinition("SELECT status FROM runs WHERE id = ANY(@ids)",
                new { ids = runs.ToArray() }, cancellationToken: ct));
            return statuses.Count(s => RunLedger.Status(s).IsTerminal());
        }
        catch (NpgsqlException)
        {
            return 0;   // PostgreSQL is down: submit nothing this step
        }
    }

    private static async Task WaitForEndsAsync(ScalePlatform platform, List<Guid> runs, TimeSpan patience, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + patience;
        while (await EndedAsync(platform, runs, ct) < runs.Count && DateTime.UtcNow < deadline) await Task.Delay(TimeSpan.FromSeconds(5), ct);
    }
}
