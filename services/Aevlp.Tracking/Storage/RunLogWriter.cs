using System.Data;
using Aevlp.Tracking.Api;
using Aevlp.Tracking.Client.Protocol;
using Aevlp.Tracking.LoggedModels;
using Dapper;
using Npgsql;

namespace Aevlp.Tracking.Storage;

/// <summary>log-batch (and the single-item log routes, which are batches of one): one transaction, so a batch is
/// written whole or not at all.</summary>
public sealed class RunLogWriter(NpgsqlDataSource database, TrackingTelemetry telemetry)
{
    public async Task LogAsync(string runId, IReadOnlyList<Metric> metrics, IReadOnlyList<Param> @params, IReadOnlyList<RunTag> tags,
        CancellationToken ct)
    {
        CheckLimits(metrics.Count, @params.Count, tags.Count);
        var validMetrics = metrics.Select(m => m with { Key = Require.Key(m.Key, "metrics.key") }).ToArray();
        var validParams = Require.Params(@params, p => p.Key, p => p.Value, (k, v) => new Param(k, v), $"run ID='{runId}'");
        var validTags = RunTags.Validate(tags);
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // FOR SHARE: a concurrent delete waits for this batch rather than racing it.
        RunStore.EnsureActive(runId, await connection.ExecuteScalarAsync<string?>(Sql.Command(
            "SELECT lifecycle_stage FROM runs WHERE run_uuid = @runId FOR SHARE", new { runId }, ct, transaction)));
        await InsertParamsAsync(connection, transaction, runId, validParams, ct);
        await RunTags.UpsertAsync(connection, transaction, runId, validTags, ct);
        await InsertMetricsAsync(connection, transaction, runId, validMetrics, ct);
        await InsertModelMetricsAsync(connection, transaction, runId, validMetrics, ct);
        await transaction.CommitAsync(ct);
        telemetry.MetricsLogged.Add(validMetrics.Length);
    }

    private static void CheckLimits(int metrics, int @params, int tags)
    {
        if (metrics > MlflowLimits.MaxMetricsPerBatch || @params > MlflowLimits.MaxParamsPerBatch || tags > MlflowLimits.MaxTagsPerBatch
            || metrics + @params + tags > MlflowLimits.MaxItemsPerBatch)
            throw MlflowError.Invalid(
                $"A batch logging request can contain at most {MlflowLimits.MaxMetricsPerBatch} metrics, {MlflowLimits.MaxParamsPerBatch} params " +
                $"and {MlflowLimits.MaxTagsPerBatch} tags ({MlflowLimits.MaxItemsPerBatch} items in all); got {metrics} metrics, {@params} params and {tags} tags.");
    }

    // A param, once logged, keeps its value.
    private static async Task InsertParamsAsync(NpgsqlConnection connection, IDbTransaction transaction, string runId,
        IReadOnlyList<Param> @params, CancellationToken ct)
    {
        if (await KeyValueRows.InsertOnceAsync(connection, transaction, "params", "run_uuid", runId,
                [.. @params.Select(p => p.Key)], [.. @params.Select(p => p.Value)], ct) is { } c)
            throw MlflowError.Invalid(
                $"Changing param values is not allowed. Param with key='{c.Key}' was already logged with value='{c.Stored}' for run ID='{runId}'. Attempted logging new value '{c.Attempted}'.");
    }

    // History rows and the latest value per key, in one round trip. Among the batch's values of a key the latest is
    // the highest step, then timestamp, then value; it replaces the stored one only when it is later still.
    private static async Task InsertMetricsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string runId,
        Metric[] metrics, CancellationToken ct)
    {
        if (metrics.Length == 0) return;
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("""
                    INSERT INTO metrics (run_uuid, key, value, timestamp, step)
                    SELECT $1, k, v, t, s FROM unnest($2::text[], $3::float8[], $4::int8[], $5::int8[]) AS m(k, v, t, s)
                    """),
                new NpgsqlBatchCommand("""
                    INSERT INTO latest_metrics AS l (run_uuid, key, value, timestamp, step)
                    SELECT DISTINCT ON (k) $1, k, v, t, s FROM unnest($2::text[], $3::float8[], $4::int8[], $5::int8[]) AS m(k, v, t, s)
                    ORDER BY k, s DESC, t DESC, v DESC
                    ON CONFLICT (run_uuid, key) DO UPDATE SET value = excluded.value, timestamp = excluded.timestamp, step = excluded.step
                    WHERE (excluded.step, excluded.timestamp, excluded.value) > (l.step, l.timestamp, l.value)
                    """),
            },
        };
        foreach (var command in batch.BatchCommands)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = runId });
            command.Parameters.Add(new NpgsqlParameter { Value = metrics.Select(m => m.Key).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = metrics.Select(m => m.Value).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = metrics.Select(m => m.Timestamp).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = metrics.Select(m => m.Step).ToArray() });
        }
        await batch.ExecuteNonQueryAsync(ct);
    }

    // MLflow 3 clients tie a metric to a logged model with model_id: the model keeps every such value as well as the run.
    private static async Task InsertModelMetricsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string runId,
        Metric[] metrics, CancellationToken ct)
    {
        var forModels = metrics.Where(m => !string.IsNullOrEmpty(m.ModelId)).ToArray();
        if (forModels.Length == 0) return;
        await LoggedModelStore.RequireAllAsync(connection, transaction, forModels.Select(m => m.ModelId!).Distinct().ToArray(), ct);
        await connection.ExecuteAsync(Sql.Command("""
            INSERT INTO logged_model_metrics (model_id, key, value, timestamp, step, run_uuid, dataset_name, dataset_digest)
            SELECT i, k, v, t, s, @runId, n, d FROM unnest(@ids, @keys, @values, @timestamps, @steps, @names, @digests) AS m(i, k, v, t, s, n, d)
            ON CONFLICT DO NOTHING
            """, new
        {
            runId, ids = forModels.Select(m => m.ModelId!).ToArray(), keys = forModels.Select(m => m.Key).ToArray(),
            values = forModels.Select(m => m.Value).ToArray(), timestamps = forModels.Select(m => m.Timestamp).ToArray(),
            steps = forModels.Select(m => m.Step).ToArray(), names = forModels.Select(m => m.DatasetName).ToArray(),
            digests = forModels.Select(m => m.DatasetDigest).ToArray(),
        }, ct, transaction));
    }

}
