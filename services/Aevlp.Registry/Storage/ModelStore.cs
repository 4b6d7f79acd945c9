using Aevlp.Registry.Models;
using Dapper;
using Npgsql;

namespace Aevlp.Registry.Storage;

/// <summary>The registry's durable record of models, versions and the champion alias.</summary>
public sealed class ModelStore(NpgsqlDataSource dataSource)
{
    private const string VersionColumns = """
        v.model_name, v.version, v.run_id, v.test_map, v.metrics::text AS metrics, v.model_blob, v.tracking_version, v.created_at,
        v.version IS NOT DISTINCT FROM m.champion_version AS is_champion
        """;

    private const string VersionOfRun = $"SELECT {VersionColumns} FROM model_versions v JOIN models m ON m.name = v.model_name WHERE v.run_id = @runId";

    // The champion alias moves to the run's version when its test mAP beats the champion's (or there is none yet).
    private const string ChallengeChampion = """
        UPDATE models m SET champion_version = v.version
        FROM model_versions v
        WHERE m.name = @modelName AND v.run_id = @runId AND v.model_name = m.name
          AND (m.champion_version IS NULL OR v.test_map > (
              SELECT c.test_map FROM model_versions c WHERE c.model_name = m.name AND c.version = m.champion_version))
        """;

    /// <summary>Registers the run's model as the next version of <paramref name="modelName"/>; when it
    /// <paramref name="challenges"/> the champion, the alias moves to it if its test mAP beats the champion's. The model's
    /// row lock serialises concurrent registrations; a second call for the same run returns the version the first created.</summary>
    public async Task<ModelVersionRecord> RegisterAsync(string modelName, RunRecord run, double testMap, bool challenges, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        CommandDefinition Command(string sql) => new(sql, new { modelName, runId = run.Id, testMap, metrics = run.TestMetrics, modelBlob = run.ModelBlob }, transaction, cancellationToken: ct);
        await connection.ExecuteAsync(Command("INSERT INTO models (name) VALUES (@modelName) ON CONFLICT DO NOTHING"));
        await connection.ExecuteAsync(Command("SELECT 1 FROM models WHERE name = @modelName FOR UPDATE"));
        await connection.ExecuteAsync(Command("""
            INSERT INTO model_versions (model_name, version, run_id, test_map, metrics, model_blob)
            SELECT @modelName, COALESCE(max(version), 0) + 1, @runId, @testMap, @metrics::jsonb, @modelBlob
            FROM model_versions WHERE model_name = @modelName
            ON CONFLICT (run_id) DO NOTHING
            """));
        return await CommitVersionAsync(Command, challenges, transaction, ct);
    }

    /// <summary>The run's registered version challenges the champion (a search's winner, once the search has ended):
    /// the alias moves to it if its test mAP beats the champion's. Null when the run registered no version.</summary>
    public async Task<ModelVersionRecord?> ChallengeAsync(Guid runId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var modelName = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT model_name FROM model_versions WHERE run_id = @runId", new { runId }, transaction, cancellationToken: ct));
        if (modelName is null) return null;
        CommandDefinition Command(string sql) => new(sql, new { modelName, runId }, transaction, cancellationToken: ct);
        await connection.ExecuteAsync(Command("SELECT 1 FROM models WHERE name = @modelName FOR UPDATE"));
        return await CommitVersionAsync(Command, challenges: true, transaction, ct);
    }

    // The tail both paths share, under the model's row lock: the optional challenge, then the run's version as committed.
    private static async Task<ModelVersionRecord> CommitVersionAsync(
        Func<string, CommandDefinition> command, bool challenges, NpgsqlTransaction transaction, CancellationToken ct)
    {
        var connection = transaction.Connection!;
        if (challenges) await connection.ExecuteAsync(command(ChallengeChampion));
        var version = await connection.QuerySingleAsync<ModelVersionRecord>(command(VersionOfRun));
        await transaction.CommitAsync(ct);
        return version;
    }

    public async Task SetTrackingVersionAsync(Guid runId, string trackingVersion, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE model_versions SET tracking_version = @trackingVersion WHERE run_id = @runId", new { runId, trackingVersion }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<ModelRecord>> ListAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var models = await connection.QueryAsync<ModelRecord>(new CommandDefinition("""
            SELECT m.name, m.champion_version, m.created_at, c.test_map AS champion_test_map,
                   (SELECT count(*)::int FROM model_versions v WHERE v.model_name = m.name) AS versions
            FROM models m LEFT JOIN model_versions c ON c.model_name = m.name AND c.version = m.champion_version
            ORDER BY m.name
            """, cancellationToken: ct));
        return models.AsList();
    }

    /// <summary>The model's versions, newest first; null when there is no such model.</summary>
    public async Task<IReadOnlyList<ModelVersionRecord>?> VersionsAsync(string modelName, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var exists = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM models WHERE name = @modelName)", new { modelName }, cancellationToken: ct));
        if (!exists) return null;
        var versions = await connection.QueryAsync<ModelVersionRecord>(new CommandDefinition(
            $"SELECT {VersionColumns} FROM model_versions v JOIN models m ON m.name = v.model_name WHERE v.model_name = @modelName ORDER BY v.version DESC",
            new { modelName }, cancellationToken: ct));
        return versions.AsList();
    }
}
