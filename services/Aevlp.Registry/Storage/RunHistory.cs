using Aevlp.Contracts;
using Aevlp.Registry.Api;
using Aevlp.Registry.Models;
using Dapper;
using Npgsql;

namespace Aevlp.Registry.Storage;

/// <summary>Worker progress (the watchdog's heartbeat) and the stage and event history of runs.</summary>
public sealed class RunHistory(NpgsqlDataSource dataSource)
{
    /// <summary>Merges <paramref name="progress"/> into the run's progress of <paramref name="stage"/> (so the
    /// last epoch's summary stays while later batches report); false when the run has
    /// moved on (a stale attempt or a finished run), so the caller ignores the message. An epoch's event is kept
    /// whenever its stage attempt exists.</summary>
    public async Task<bool> RecordProgressAsync(Guid id, Stage stage, int attempt, string worker, string progress, string? epochEvent,
        CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var updated = await connection.ExecuteAsync(new CommandDefinition($$"""
            UPDATE runs SET heartbeat_at = now(), worker = @worker,
                progress = jsonb_set(COALESCE(progress, '{}'::jsonb), ARRAY[@stage], COALESCE(progress -> @stage, '{}'::jsonb) || @progress::jsonb)
            WHERE id = @id AND stage = @stage AND attempt = @attempt AND status IN ({{RunStatus.Running.Sql()}}, {{RunStatus.Cancelling.Sql()}})
            """, new { id, stage = stage.ToString(), attempt, worker, progress }, transaction, cancellationToken: ct));
        if (epochEvent is not null)
        {
            // Not tied to the run's current stage: the last epoch's report may arrive after the stage's outcome
            // (they travel on different queues), and the history must still hold every epoch, once. An epoch a later attempt
            // trained again (its worker died before storing the epoch's checkpoint) replaces the earlier record, and moves to
            // where it now happened in the history (a new id).
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO run_events (run_id, kind, stage, attempt, detail)
                SELECT @id, 'EpochEnded', @stage, @attempt, @epochEvent::jsonb
                WHERE EXISTS (SELECT 1 FROM run_stages WHERE run_id = @id AND stage = @stage AND attempt = @attempt)
                ON CONFLICT (run_id, stage, (detail ->> 'epoch')) WHERE kind = 'EpochEnded' DO UPDATE
                    SET id = nextval(pg_get_serial_sequence('run_events', 'id')), at = now(), attempt = EXCLUDED.attempt, detail = EXCLUDED.detail
                    WHERE run_events.attempt < EXCLUDED.attempt
                """, new { id, stage = stage.ToString(), attempt, epochEvent }, transaction, cancellationToken: ct));
        }
        await transaction.CommitAsync(ct);
        return updated == 1;
    }

    /// <summary>Notes on the stage attempt which worker took its command, and when it first did. Registry time, like the
    /// attempt's start, so that the difference is the command's wait in its queue whatever the worker's clock says.</summary>
    public async Task RecordReceivedAsync(Guid id, Stage stage, int attempt, string worker, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE run_stages SET received_at = COALESCE(received_at, now()), worker = @worker
            WHERE run_id = @id AND stage = @stage AND attempt = @attempt
            """, new { id, stage = stage.ToString(), attempt, worker }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<RunStageRecord>> StagesAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var stages = await connection.QueryAsync<RunStageRecord>(new CommandDefinition(
            "SELECT stage, attempt, started_at, ended_at, outcome, compute_seconds, received_at, worker FROM run_stages WHERE run_id = @id ORDER BY started_at, attempt",
            new { id }, cancellationToken: ct));
        return stages.AsList();
    }

    public async Task<IReadOnlyList<RunEventRecord>> EventsAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var events = await connection.QueryAsync<RunEventRecord>(new CommandDefinition(
            "SELECT at, kind, stage, attempt, detail::text AS detail FROM run_events WHERE run_id = @id ORDER BY id",
            new { id }, cancellationToken: ct));
        return events.AsList();
    }

    public static Task AppendAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id, string kind, Stage? stage,
        int? attempt, string? detail, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO run_events (run_id, kind, stage, attempt, detail) VALUES (@id, @kind, @stage, @attempt, @detail::jsonb)",
            new { id, kind, stage = stage?.ToString(), attempt, detail }, transaction, cancellationToken: ct));
}
