using Aevlp.Configuration.Search;
using Aevlp.Registry.Api;
using Aevlp.Registry.Search;
using Dapper;
using Npgsql;

namespace Aevlp.Registry.Storage;

/// <summary>What a search reads and writes beyond single-run transitions: its trials' epoch metrics, the admission of
/// waiting trials into free slots, and its winner.</summary>
public sealed class SearchStore(NpgsqlDataSource dataSource)
{
    /// <summary>Each trial's metric per epoch; an epoch trained again after a retry counts with its latest attempt.</summary>
    public async Task<IReadOnlyList<TrialHistory>> TrialHistoriesAsync(Guid parentId, SearchMetric metric, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<(Guid RunId, int Epoch, double Value, long Sequence)>(new CommandDefinition("""
            SELECT DISTINCT ON (e.run_id, (e.detail ->> 'epoch')::int) e.run_id, (e.detail ->> 'epoch')::int, (e.detail ->> @field)::float8, e.id
            FROM run_events e JOIN runs r ON r.id = e.run_id
            WHERE r.parent_id = @parentId AND e.kind = 'EpochEnded' AND e.detail ? @field
            ORDER BY e.run_id, (e.detail ->> 'epoch')::int, e.attempt DESC
            """, new { parentId, field = metric == SearchMetric.ValMap ? "valMap" : "trainLoss" }, cancellationToken: ct));
        return rows.GroupBy(row => row.RunId)
            .Select(trial => new TrialHistory(trial.Key, trial.ToDictionary(row => row.Epoch, row => row.Value),
                trial.ToDictionary(row => row.Epoch, row => row.Sequence)))
            .ToList();
    }

    /// <summary>Admits waiting trials into the slots of <paramref name="maxConcurrent"/> that no admitted, unended trial
    /// holds, in trial order, and returns them (to start). The parent's row lock serialises admissions, so trials ending
    /// together never admit more than the free slots; a cancelled or ended search admits nothing.</summary>
    public async Task<IReadOnlyList<Guid>> AdmitAsync(Guid parentId, int maxConcurrent, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var running = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            $"SELECT status = {RunStatus.Running.Sql()} FROM runs WHERE id = @parentId FOR UPDATE", new { parentId }, transaction, cancellationToken: ct));
        var admitted = !running ? [] : (await connection.QueryAsync<Guid>(new CommandDefinition($$"""
            UPDATE runs SET admitted = true, heartbeat_at = now()
            WHERE id IN (
                SELECT id FROM runs WHERE parent_id = @parentId AND NOT admitted AND status = {{RunStatus.Queued.Sql()}}
                ORDER BY sweep_index
                LIMIT GREATEST(@maxConcurrent - (
                    SELECT count(*) FROM runs WHERE parent_id = @parentId AND admitted
                    AND status IN ({{RunStatus.Queued.Sql()}}, {{RunStatus.Running.Sql()}}, {{RunStatus.Cancelling.Sql()}})), 0))
              AND NOT admitted AND status = {{RunStatus.Queued.Sql()}}
            RETURNING id
            """, new { parentId, maxConcurrent }, transaction, cancellationToken: ct))).AsList();
        await transaction.CommitAsync(ct);
        return admitted;
    }

    public async Task SetBestTrialAsync(Guid parentId, Guid trialId, double metric, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE runs SET best_trial_id = @trialId, best_metric = @metric WHERE id = @parentId", new { parentId, trialId, metric }, cancellationToken: ct));
    }
}
