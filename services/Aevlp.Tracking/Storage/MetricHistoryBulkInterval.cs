using Aevlp.Tracking.Api;
using Aevlp.Tracking.Client.Protocol;
using Dapper;
using Npgsql;

namespace Aevlp.Tracking.Storage;

/// <summary>metrics/get-history-bulk-interval, the history MLflow's UI draws for several runs at once: one metric of up to
/// <see cref="MaxRuns"/> runs, at up to max_results steps sampled evenly from the steps any of them logged (each run's
/// first and last step always in), in [start_step, end_step] when both are given. Sampling follows MLflow's server, so
/// both answer a chart with the same points.</summary>
public sealed class MetricHistoryBulkInterval(NpgsqlDataSource database)
{
    public const int MaxRuns = 100;
    public const int MaxResultsPerRun = 2500;
    private const int MaxResults = MetricHistory.DefaultMaxResults;

    public async Task<MetricHistoryBulkIntervalResponse> GetAsync(IReadOnlyList<string> runIds, string key, int maxResults,
        (long Start, long End)? range, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        var logged = (await connection.QueryAsync<(string RunId, long Step)>(Sql.Command(
            "SELECT DISTINCT run_uuid, step FROM metrics WHERE run_uuid = ANY(@runIds) AND key = @key", new { runIds = runIds.ToArray(), key }, ct))).ToArray();
        var steps = SampledSteps(logged, maxResults, range);
        // One round trip for every run, in the order the request names them, each run's values capped as MLflow caps them.
        var metrics = await connection.QueryAsync<MetricWithRunId>(Sql.Command("""
            SELECT Key, Value, Timestamp, Step, RunId FROM (
                SELECT m.key AS Key, m.value AS Value, m.timestamp AS Timestamp, m.step AS Step, m.run_uuid AS RunId, r.position,
                       row_number() OVER (PARTITION BY r.position ORDER BY m.step, m.timestamp, m.value) AS n
                FROM unnest(@runIds) WITH ORDINALITY AS r(run_uuid, position)
                JOIN metrics m ON m.run_uuid = r.run_uuid AND m.key = @key AND m.step = ANY(@steps)) ranked
            WHERE n <= @limit ORDER BY position, Step, Timestamp, Value
            """, new { runIds = runIds.ToArray(), key, steps, limit = MaxResults }, ct));
        return new MetricHistoryBulkIntervalResponse { Metrics = [.. metrics] };
    }

    private static long[] SampledSteps(IReadOnlyList<(string RunId, long Step)> logged, int maxResults, (long Start, long End)? range)
    {
        var all = logged.Select(l => l.Step).Distinct().Order().ToArray();
        var (start, end) = range ?? (0, all.Length > 0 ? all[^1] : 0);
        var firstAndLast = logged.GroupBy(l => l.RunId).SelectMany(run => new[] { run.Min(l => l.Step), run.Max(l => l.Step) })
            .Where(step => start <= step && step <= end);
        return [.. Sample(all, start, end, maxResults).Union(firstAndLast).Order()];
    }

    // MLflow's _get_sampled_steps_from_steps, its index test included (it compares an index into all steps with the count
    // of those in range), so that both servers give a chart the same points.
    private static IEnumerable<long> Sample(long[] all, long start, long end, int maxResults)
    {
        var from = LowerBound(all, start);
        var to = LowerBound(all, end + 1);
        var count = to - from;
        if (count <= maxResults) return all[from..to];
        var interval = (double)count / maxResults;
        var sampled = Enumerable.Range(0, maxResults).Select(i => from + (int)(i * interval)).Where(index => index < count).Select(index => all[index]);
        return sampled.Append(all[to - 1]);
    }

    private static int LowerBound(long[] sorted, long value)
    {
        var index = Array.BinarySearch(sorted, value);
        return index >= 0 ? index : ~index;
    }

    /// <summary>MLflow's checks of the request, in its words where it has them.</summary>
    public static (IReadOnlyList<string> RunIds, string Key, int MaxResults, (long, long)? Range) Check(MetricHistoryBulkIntervalQuery query)
    {
        var runIds = query.RunIds is { Count: > 0 } ids ? ids : throw MlflowError.Invalid("Missing value for required parameter 'run_ids'.");
        if (runIds.Count > MaxRuns)
            throw MlflowError.Invalid($"GetMetricHistoryBulkInterval request must specify at most {MaxRuns} run_ids. Received {runIds.Count} run_ids.");
        var maxResults = query.MaxResults ?? MaxResultsPerRun;
        if (maxResults is < 1 or > MaxResultsPerRun) throw MlflowError.Invalid($"max_results must be between 1 and {MaxResultsPerRun}.");
        (long, long)? range = (query.StartStep, query.EndStep) switch
        {
            (null, null) => null,
            ({ } start, { } end) when start > end => throw MlflowError.Invalid($"end_step must be greater than start_step. Found start_step={start} and end_step={end}."),
            ({ } start, { } end) => (start, end),
            _ => throw MlflowError.Invalid("If either start step or end step are specified, both must be specified."),
        };
        return (runIds, Require.Field(query.MetricKey, "metric_key"), maxResults, range);
    }
}
