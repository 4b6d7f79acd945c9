using Aevlp.Tracking.Api;
using Aevlp.Tracking.Client.Protocol;
using Dapper;
using Npgsql;

namespace Aevlp.Tracking.Storage;

/// <summary>Runs: create, read, update, soft delete, tags. Logging lives in <see cref="RunLogWriter"/>.</summary>
public sealed class RunStore(NpgsqlDataSource database, ExperimentStore experiments, RunDataLoader loader, TimeProvider clock)
{
    /// <summary>MLflow keeps the run name also as this tag; clients read either.</summary>
    public const string RunNameTag = "mlflow.runName";

    public async Task<Run> CreateAsync(CreateRunRequest request, CancellationToken ct)
    {
        var experiment = await experiments.GetAsync(Require.ExperimentId(request.ExperimentId), ct);
        if (experiment.LifecycleStage != LifecycleStage.Active)
            throw MlflowError.Invalid($"Experiment '{experiment.ExperimentId}' is deleted; restore it before creating runs in it.");
        var runId = Guid.NewGuid().ToString("N");
        var tags = RunTags.Validate(request.Tags ?? []);
        var runName = request.RunName is { Length: > 0 } name ? name
            : tags.FirstOrDefault(t => t.Key == RunNameTag)?.Value ?? "run-" + runId[..8];
        var row = new RunRow(runId, long.Parse(experiment.ExperimentId, System.Globalization.CultureInfo.InvariantCulture), runName,
            request.UserId, RunStatus.Running, request.StartTime ?? clock.GetUtcNow().ToUnixTimeMilliseconds(), null,
            LifecycleStage.Active, $"{experiment.ArtifactLocation!.TrimEnd('/')}/{runId}/artifacts", DataVersion: 0);
        IReadOnlyList<RunTag> stored = [.. tags.Where(t => t.Key != RunNameTag), new RunTag(RunNameTag, runName)];
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(Sql.Command("""
            INSERT INTO runs (run_uuid, experiment_id, run_name, user_id, status, start_time, lifecycle_stage, artifact_uri)
            VALUES (@RunUuid, @ExperimentId, @RunName, @UserId, @Status, @StartTime, @LifecycleStage, @ArtifactUri)
            """, row, ct, transaction));
        await RunTags.UpsertAsync(connection, transaction, runId, stored, ct);
        await transaction.CommitAsync(ct);
        // A new run has nothing but these tags: answer from what was written rather than reading it back.
        return new Run(row.ToInfo(), new RunData { Tags = stored.OrderBy(t => t.Key, StringComparer.Ordinal).ToArray() }, new RunInputs(), new RunOutputs());
    }

    public async Task<Run> GetAsync(string runId, CancellationToken ct) =>
        (await loader.LoadAsync([await GetRowAsync(runId, ct)], ct))[0];

    public async Task<RunRow> GetRowAsync(string runId, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<RunRow>(Sql.Command(
                $"SELECT {RunRow.Columns} FROM runs r WHERE r.run_uuid = @runId", new { runId }, ct))
            ?? throw MlflowError.NotFound($"Run with id={runId} not found");
    }

    /// <summary>The run, which must be active: MLflow refuses to log to a deleted run.</summary>
    public async Task<RunRow> GetActiveRowAsync(string runId, CancellationToken ct)
    {
        var row = await GetRowAsync(runId, ct);
        EnsureActive(runId, row.LifecycleStage);
        return row;
    }

    /// <summary>Fails unless the run exists (<paramref name="lifecycleStage"/> not null) and is active.</summary>
    public static void EnsureActive(string runId, string? lifecycleStage)
    {
        if (lifecycleStage is null) throw MlflowError.NotFound($"Run with id={runId} not found");
        if (lifecycleStage != LifecycleStage.Active)
            throw MlflowError.Invalid($"The run {runId} must be in the 'active' state. Current state is {lifecycleStage}.");
    }

    public async Task<RunInfo> UpdateAsync(UpdateRunRequest request, CancellationToken ct)
    {
        var runId = Require.RunId(request);
        var status = request.Status is null ? null : Require.OneOf(request.Status, RunStatus.All, "status");
        await GetActiveRowAsync(runId, ct);
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(Sql.Command("""
            UPDATE runs SET status = coalesce(@status, status), end_time = coalesce(@EndTime, end_time),
                            run_name = coalesce(@RunName, run_name)
            WHERE run_uuid = @runId
            """, new { runId, status, request.EndTime, RunName = NullIfEmpty(request.RunName) }, ct, transaction));
        if (NullIfEmpty(request.RunName) is { } name)
            await RunTags.UpsertAsync(connection, transaction, runId, [new RunTag(RunNameTag, name)], ct);
        await transaction.CommitAsync(ct);
        return (await GetRowAsync(runId, ct)).ToInfo();
    }

    public async Task SetLifecycleStageAsync(string runId, string stage, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        var updated = await connection.ExecuteAsync(Sql.Command(
            "UPDATE runs SET lifecycle_stage = @stage WHERE run_uuid = @runId", new { runId, stage }, ct));
        if (updated == 0) throw MlflowError.NotFound($"Run with id={runId} not found");
    }

    public async Task DeleteTagAsync(string runId, string key, CancellationToken ct)
    {
        await GetActiveRowAsync(runId, ct);
        await using var connection = await database.OpenConnectionAsync(ct);
        var deleted = await connection.ExecuteAsync(Sql.Command(
            "DELETE FROM tags WHERE run_uuid = @runId AND key = @key", new { runId, key }, ct));
        if (deleted == 0) throw MlflowError.NotFound($"No tag with name: {key} in run with id {runId}");
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
