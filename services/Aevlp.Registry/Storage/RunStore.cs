using Aevlp.Contracts;
using Aevlp.Registry.Api;
using Aevlp.Registry.Models;
using Dapper;
using Npgsql;

namespace Aevlp.Registry.Storage;

/// <summary>Creates and reads runs. State changes go through <see cref="RunTransitions"/>.</summary>
public sealed class RunStore(NpgsqlDataSource dataSource)
{
    private static readonly string Insert = $$"""
        INSERT INTO runs (id, idempotency_key, parent_id, sweep_index, is_sweep, name, requested_by, dataset, dataset_version, config, notes, assets,
                          trace_parent, search, admitted, status)
        VALUES (@Id, @IdempotencyKey, @ParentId, @SweepIndex, @IsSweep, @Name, @RequestedBy, @Dataset, @DatasetVersion, @Config::jsonb, @Notes::jsonb,
                @Assets::jsonb, @TraceParent, @Search::jsonb, @Admitted, {{RunStatus.Queued.Sql()}})
        """;

    /// <summary>Stores a run (and a sweep's children) unless one with the same id or idempotency key exists;
    /// then returns that one's id. Safe under concurrency: the unique indexes decide, not a prior read.</summary>
    public async Task<(Guid RunId, bool Created)> InsertAsync(NewRun run, IReadOnlyList<NewRun> children, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var inserted = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
            Insert + " ON CONFLICT DO NOTHING RETURNING id", run, transaction, cancellationToken: ct));
        if (inserted is null)
        {
            await transaction.RollbackAsync(ct);
            return (await ExistingIdAsync(connection, run, ct), false);
        }
        foreach (var child in children)
        {
            await connection.ExecuteAsync(new CommandDefinition(Insert, child, transaction, cancellationToken: ct));
        }
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO run_events (run_id, kind) SELECT unnest(@Ids), 'Accepted'",
            new { Ids = children.Select(child => child.Id).Prepend(run.Id).ToArray() }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return (run.Id, true);
    }

    public async Task<RunRecord?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<RunRecord>(new CommandDefinition("SELECT * FROM runs WHERE id = @id", new { id }, cancellationToken: ct));
    }

    /// <summary>A page of runs, newest first, and how many there are.</summary>
    public async Task<(long Total, IReadOnlyList<RunRecord> Runs)> ListAsync(int pageIndex, int pageSize, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT count(*) FROM runs", cancellationToken: ct));
        var runs = await connection.QueryAsync<RunRecord>(new CommandDefinition(
            "SELECT * FROM runs ORDER BY created_at DESC, id DESC LIMIT @pageSize OFFSET @offset",
            new { pageSize, offset = (long)pageIndex * pageSize }, cancellationToken: ct));
        return (total, runs.AsList());
    }

    public async Task<IReadOnlyList<RunRecord>> ChildrenAsync(Guid parentId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var children = await connection.QueryAsync<RunRecord>(new CommandDefinition(
            "SELECT * FROM runs WHERE parent_id = @parentId ORDER BY sweep_index", new { parentId }, cancellationToken: ct));
        return children.AsList();
    }

    /// <summary>Runs whose worker (or whose start) has been silent longer than <paramref name="timeout"/>.
    /// A sweep's parent does no work itself, so only its start can stall. A stage command RabbitMQ confirmed and no worker
    /// has received is not silent but queued (<see cref="MarkDispatchedAsync"/>): with a thousand runs before it, or no
    /// worker until one scales up from zero, it waits as long as it takes.</summary>
    public async Task<IReadOnlyList<RunRecord>> StalledAsync(TimeSpan timeout, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var runs = await connection.QueryAsync<RunRecord>(new CommandDefinition($$"""
            SELECT * FROM runs
            WHERE status IN ({{RunStatus.Queued.Sql()}}, {{RunStatus.Running.Sql()}}, {{RunStatus.Cancelling.Sql()}}) AND (NOT is_sweep OR status = {{RunStatus.Queued.Sql()}}) AND admitted
              AND heartbeat_at < now() - @timeout
              AND NOT (status = {{RunStatus.Running.Sql()}} AND worker IS NULL AND dispatched_at IS NOT NULL)
            ORDER BY heartbeat_at LIMIT 100
            """, new { timeout }, cancellationToken: ct));
        return runs.AsList();
    }

    /// <summary>RabbitMQ confirmed the command of this stage attempt (a durable queue holds it until a worker takes it).</summary>
    public async Task MarkDispatchedAsync(Guid id, Stage stage, int attempt, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE runs SET dispatched_at = now() WHERE id = @id AND stage = @stage AND attempt = @attempt",
            new { id, stage = stage.ToString(), attempt }, cancellationToken: ct));
    }

    /// <summary>Sweep and search parents that have had no admitted trial in progress for longer than <paramref name="timeout"/>:
    /// what should have admitted their next trials, or ended them, was cut short (a registry stopped between a trial's end
    /// and its search's next step, or a step that failed after the trial's end had committed).</summary>
    public async Task<IReadOnlyList<RunRecord>> IdleParentsAsync(TimeSpan timeout, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var parents = await connection.QueryAsync<RunRecord>(new CommandDefinition($$"""
            SELECT * FROM runs p
            WHERE p.is_sweep AND p.status IN ({{RunStatus.Running.Sql()}}, {{RunStatus.Cancelling.Sql()}}) AND p.heartbeat_at < now() - @timeout
              AND NOT EXISTS (SELECT 1 FROM runs c WHERE c.parent_id = p.id AND c.admitted
                              AND c.status IN ({{RunStatus.Queued.Sql()}}, {{RunStatus.Running.Sql()}}, {{RunStatus.Cancelling.Sql()}}))
            ORDER BY p.heartbeat_at LIMIT 100
            """, new { timeout }, cancellationToken: ct));
        return parents.AsList();
    }

    private static Task<Guid> ExistingIdAsync(NpgsqlConnection connection, NewRun run, CancellationToken ct) =>
        connection.ExecuteScalarAsync<Guid>(new CommandDefinition(
            "SELECT id FROM runs WHERE id = @Id OR idempotency_key = @IdempotencyKey LIMIT 1", run, cancellationToken: ct));
}
