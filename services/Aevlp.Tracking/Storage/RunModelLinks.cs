using System.Data;
using Aevlp.Tracking.LoggedModels;
using Dapper;
using Npgsql;

namespace Aevlp.Tracking.Storage;

/// <summary>The logged models a run produced (runs/outputs) or read (runs/log-inputs' models). Unlike MLflow, a link to
/// a model that does not exist is refused (404) rather than stored dangling.</summary>
public sealed class RunModelLinks(NpgsqlDataSource database, RunStore runs)
{
    public const string Output = "output";
    public const string Input = "input";

    public async Task LogAsync(string runId, string direction, IReadOnlyList<(string ModelId, long? Step)> models, CancellationToken ct)
    {
        await runs.GetActiveRowAsync(runId, ct);
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await InsertAsync(connection, transaction, runId, direction, models, ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>Links the run to the models, in the caller's transaction; a model that does not exist fails it.</summary>
    public static async Task InsertAsync(NpgsqlConnection connection, IDbTransaction transaction, string runId, string direction,
        IReadOnlyList<(string ModelId, long? Step)> models, CancellationToken ct)
    {
        await LoggedModelStore.RequireAllAsync(connection, transaction, models.Select(m => m.ModelId).Distinct().ToArray(), ct);
        await connection.ExecuteAsync(Sql.Command("""
            INSERT INTO run_model_links (run_uuid, model_id, direction, step) VALUES (@runId, @ModelId, @direction, @Step)
            ON CONFLICT (run_uuid, model_id, direction) DO UPDATE SET step = excluded.step
            """, models.Select(m => new { runId, m.ModelId, direction, m.Step }), ct, transaction));
    }

    /// <summary>The query <see cref="RunDataLoader"/> runs with its others.</summary>
    public const string LoadQuery = """
        SELECT run_uuid AS RunUuid, model_id AS ModelId, direction AS Direction, step AS Step
        FROM run_model_links WHERE run_uuid = ANY(@ids) ORDER BY logged;
        """;

    public sealed record LinkRow(string RunUuid, string ModelId, string Direction, long? Step);
}
