using Dapper;
using Npgsql;

namespace Aevlp.Registry.Storage;

/// <summary>Applies the embedded <c>Migrations/*.sql</c> scripts not yet recorded in <c>schema_version</c>, in
/// file-name order, all in one transaction. An advisory lock makes concurrent starts of several replicas
/// take turns instead of racing.</summary>
public sealed class DatabaseMigrator(NpgsqlDataSource dataSource, ILogger<DatabaseMigrator> logger)
{
    private const long LockKey = 0x4145564C50; // "AEVLP"

    public async Task MigrateAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@LockKey)", new { LockKey }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "CREATE TABLE IF NOT EXISTS schema_version (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
            transaction: transaction, cancellationToken: ct));
        var applied = (await connection.QueryAsync<int>(new CommandDefinition("SELECT version FROM schema_version", transaction: transaction, cancellationToken: ct))).ToHashSet();
        foreach (var script in MigrationScript.All().Where(script => !applied.Contains(script.Version)))
        {
            await connection.ExecuteAsync(new CommandDefinition(script.Sql, transaction: transaction, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_version (version, name) VALUES (@Version, @Name)", new { script.Version, script.Name }, transaction, cancellationToken: ct));
            logger.LogInformation("Applied registry schema migration {Version} {Name}", script.Version, script.Name);
        }
        await transaction.CommitAsync(ct);
    }
}
