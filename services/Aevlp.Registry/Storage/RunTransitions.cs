using Aevlp.Contracts;
using Aevlp.Registry.Api;
using Aevlp.Registry.Models;
using Dapper;
using Npgsql;

namespace Aevlp.Registry.Storage;

/// <summary>Every change of a run's state, each one a single guarded UPDATE (… WHERE stage = @expected AND
/// attempt = @attempt …) in a transaction with its stage and event history. A duplicate or stale message
/// matches no row and changes nothing; callers act only on a non-null result (the run after the change). Ending a stage
/// attempt records its duration.</summary>
public sealed class RunTransitions(NpgsqlDataSource dataSource, RegistryTelemetry telemetry)
{
    private static readonly string[] Active = [RunStatus.Running.Text(), RunStatus.Cancelling.Text()];

    /// <summary>QUEUED → RUNNING at <paramref name="stage"/> attempt 1 (no stage for a sweep's parent).</summary>
    public Task<RunRecord?> StartAsync(Guid id, Stage? stage, string trackingRunId, CancellationToken ct) =>
        ChangeAsync(id, "Started", stage, ended: null, opened: stage, $$"""
            UPDATE runs SET status = {{RunStatus.Running.Sql()}}, stage = @Stage, attempt = CASE WHEN @Stage IS NULL THEN 0 ELSE 1 END,
                tracking_run_id = @TrackingRunId, heartbeat_at = now(), dispatched_at = NULL
            WHERE id = @Id AND status = {{RunStatus.Queued.Sql()}} AND admitted RETURNING *
            """, new { Id = id, Stage = stage?.ToString(), TrackingRunId = trackingRunId }, ct);

    /// <summary>The current stage's attempt finished: on to the next stage, attempt 1.</summary>
    public Task<RunRecord?> AdvanceAsync(Guid id, Stage from, int attempt, Stage to, StageOutputs outputs, CancellationToken ct) =>
        ChangeAsync(id, $"{from}Completed", from, ended: (from, attempt, "completed", outputs.ComputeSeconds), opened: to, $$"""
            UPDATE runs SET stage = @To, attempt = 1, worker = NULL, heartbeat_at = now(), dispatched_at = NULL,
                pseudo_label_key = COALESCE(@PseudoLabelKey, pseudo_label_key),
                model_blob = COALESCE(@ModelBlob, model_blob), model_card_blob = COALESCE(@ModelCardBlob, model_card_blob),
                predictions_blob = COALESCE(@PredictionsBlob, predictions_blob),
                test_metrics = COALESCE(@TestMetrics::jsonb, test_metrics)
            WHERE id = @Id AND stage = @From AND attempt = @Attempt AND status = {{RunStatus.Running.Sql()}} RETURNING *
            """, new
            {
                Id = id, From = from.ToString(), Attempt = attempt, To = to.ToString(), outputs.PseudoLabelKey, outputs.ModelBlob,
                outputs.ModelCardBlob, outputs.PredictionsBlob, outputs.TestMetrics,
            }, ct);

    /// <summary>The watchdog gives a silent stage to a new attempt.</summary>
    public Task<RunRecord?> RetryAsync(Guid id, Stage stage, int attempt, CancellationToken ct) =>
        ChangeAsync(id, "Redispatched", stage, ended: (stage, attempt, "timed out", null), opened: stage, $$"""
            UPDATE runs SET attempt = attempt + 1, worker = NULL, heartbeat_at = now(), dispatched_at = NULL
            WHERE id = @Id AND stage = @Stage AND attempt = @Attempt AND status = {{RunStatus.Running.Sql()}} RETURNING *
            """, new { Id = id, Stage = stage.ToString(), Attempt = attempt }, ct);

    /// <summary>FINISHED, FAILED or KILLED, from an active status, for the given stage attempt.</summary>
    public Task<RunRecord?> EndAsync(Guid id, Stage stage, int attempt, RunStatus status, string? error, CancellationToken ct) =>
        ChangeAsync(id, status.Text(), stage, ended: (stage, attempt, status.ToString().ToLowerInvariant(), null), opened: null, $$"""
            UPDATE runs SET status = @Status, error = @Error, failed_stage = CASE WHEN @Status = {{RunStatus.Failed.Sql()}} THEN @Stage END,
                finished_at = now(), heartbeat_at = now()
            WHERE id = @Id AND stage = @Stage AND attempt = @Attempt AND status = ANY(@Active) RETURNING *
            """, new { Id = id, Stage = stage.ToString(), Attempt = attempt, Status = status.Text(), Error = error, Active }, ct);

    /// <summary>A user's cancel: KILLED at once when no worker has reported holding the run (or it never
    /// started), CANCELLING while a worker (or a sweep's children) must stop first.</summary>
    public Task<RunRecord?> CancelAsync(Guid id, CancellationToken ct) =>
        ChangeAsync(id, "CancelRequested", stage: null, ended: null, opened: null, $$"""
            UPDATE runs SET status = CASE WHEN is_sweep OR worker IS NOT NULL THEN {{RunStatus.Cancelling.Sql()}} ELSE {{RunStatus.Killed.Sql()}} END,
                finished_at = CASE WHEN is_sweep OR worker IS NOT NULL THEN NULL ELSE now() END, heartbeat_at = now()
            WHERE id = @Id AND status IN ({{RunStatus.Queued.Sql()}}, {{RunStatus.Running.Sql()}}) RETURNING *
            """, new { Id = id }, ct);

    /// <summary>A search stops a trial while it trains: RUNNING → CANCELLING with the rung and the reason, so its worker's
    /// stop (or the watchdog's) ends it PRUNED rather than KILLED. A trial past training is left alone.</summary>
    public Task<RunRecord?> PruneAsync(Guid id, string pruned, CancellationToken ct) =>
        ChangeAsync(id, "PruneRequested", stage: null, ended: null, opened: null, $$"""
            UPDATE runs SET status = {{RunStatus.Cancelling.Sql()}}, pruned = @Pruned::jsonb, heartbeat_at = now()
            WHERE id = @Id AND status = {{RunStatus.Running.Sql()}} AND stage = @Stage AND NOT is_sweep RETURNING *
            """, new { Id = id, Pruned = pruned, Stage = Stage.Training.ToString() }, ct);

    /// <summary>CANCELLING → KILLED (PRUNED for a trial its search stopped): the worker stopped, or the watchdog gave up
    /// waiting for it.</summary>
    public Task<RunRecord?> KillAsync(Guid id, Stage? stage, int attempt, CancellationToken ct) =>
        ChangeAsync(id, RunStatus.Killed.Text(), stage, ended: stage is { } s ? (s, attempt, "killed", null) : null, opened: null, $$"""
            UPDATE runs SET status = CASE WHEN pruned IS NULL THEN {{RunStatus.Killed.Sql()}} ELSE {{RunStatus.Pruned.Sql()}} END,
                finished_at = now(), heartbeat_at = now()
            WHERE id = @Id AND status = {{RunStatus.Cancelling.Sql()}} AND stage IS NOT DISTINCT FROM @Stage AND attempt = @Attempt RETURNING *
            """, new { Id = id, Stage = stage?.ToString(), Attempt = attempt }, ct);

    /// <summary>A sweep's parent ends once no child is active: KILLED if it was cancelled, FINISHED if every
    /// child finished or was pruned by its search, FAILED otherwise.</summary>
    public Task<RunRecord?> EndSweepAsync(Guid id, CancellationToken ct) =>
        ChangeAsync(id, "SweepEnded", stage: null, ended: null, opened: null, $$"""
            WITH children AS (
                SELECT count(*) AS total, count(*) FILTER (WHERE status NOT IN ({{RunStatus.Finished.Sql()}}, {{RunStatus.Pruned.Sql()}})) AS unfinished,
                       count(*) FILTER (WHERE status IN ({{RunStatus.Queued.Sql()}}, {{RunStatus.Running.Sql()}}, {{RunStatus.Cancelling.Sql()}})) AS active
                FROM runs WHERE parent_id = @Id)
            UPDATE runs SET
                status = CASE WHEN status = {{RunStatus.Cancelling.Sql()}} THEN {{RunStatus.Killed.Sql()}} WHEN children.unfinished = 0 THEN {{RunStatus.Finished.Sql()}} ELSE {{RunStatus.Failed.Sql()}} END,
                error = CASE WHEN status <> {{RunStatus.Cancelling.Sql()}} AND children.unfinished > 0
                             THEN children.unfinished || ' of ' || children.total || ' child runs did not finish' END,
                finished_at = now(), heartbeat_at = now()
            FROM children
            WHERE id = @Id AND is_sweep AND status IN ({{RunStatus.Running.Sql()}}, {{RunStatus.Cancelling.Sql()}}) AND children.active = 0 RETURNING runs.*
            """, new { Id = id }, ct);

    private async Task<RunRecord?> ChangeAsync(Guid id, string kind, Stage? stage, (Stage Stage, int Attempt, string Outcome, double? ComputeSeconds)? ended,
        Stage? opened, string update, object parameters, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var run = await connection.QuerySingleOrDefaultAsync<RunRecord>(new CommandDefinition(update, parameters, transaction, cancellationToken: ct));
        if (run is null)
        {
            await transaction.RollbackAsync(ct);
            return null;
        }
        var seconds = ended is { } e ? await EndStageAsync(connection, transaction, id, e, ct) : null;
        if (opened is { } next && run.Stage == next.ToString())
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO run_stages (run_id, stage, attempt) VALUES (@id, @stage, @attempt) ON CONFLICT DO NOTHING",
                new { id, stage = next.ToString(), attempt = run.Attempt }, transaction, cancellationToken: ct));
        }
        // A stop that lands on PRUNED is recorded as what it is.
        if (run.Status == RunStatus.Pruned) kind = RunStatus.Pruned.Text();
        await RunHistory.AppendAsync(connection, transaction, id, kind, stage ?? run.CurrentStage, run.Attempt, detail: null, ct);
        await transaction.CommitAsync(ct);
        if (ended is { } endedStage && seconds is { } duration)
        {
            telemetry.StageEnded(endedStage.Stage, duration, endedStage.Outcome);
        }
        return run;
    }

    private static Task<double?> EndStageAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id,
        (Stage Stage, int Attempt, string Outcome, double? ComputeSeconds) ended, CancellationToken ct) =>
        connection.ExecuteScalarAsync<double?>(new CommandDefinition("""
            UPDATE run_stages SET ended_at = now(), outcome = @Outcome, compute_seconds = @ComputeSeconds
            WHERE run_id = @id AND stage = @Stage AND attempt = @Attempt AND ended_at IS NULL
            RETURNING extract(epoch FROM ended_at - started_at)::double precision
            """, new { id, Stage = ended.Stage.ToString(), ended.Attempt, ended.Outcome, ended.ComputeSeconds }, transaction, cancellationToken: ct));

}
