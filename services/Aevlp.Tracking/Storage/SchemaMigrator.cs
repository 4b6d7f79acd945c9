using System.Reflection;
using Dapper;
using Npgsql;

namespace Aevlp.Tracking.Storage;

/// <summary>Applies the embedded SQL scripts (Storage/Migrations/NNN_name.sql) in order, each once, recorded in
/// schema_version. One transaction under an advisory lock, so two replicas starting together do not race and a
/// failed script leaves the database as it was.</summary>
public sealed class SchemaMigrator(NpgsqlDataSource database, ILogger<SchemaMigrator> logger)
{
    private const long LockKey = 0x4145564C50_01; // "AEVLP" + 1: this service's advisory lock

    public async Task MigrateAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(@LockKey); CREATE TABLE IF NOT EXISTS schema_version (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
            new { LockKey }, transaction, cancellationToken: ct));
        var current = await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
            "SELECT max(version) FROM schema_version", transaction: transaction, cancellationToken: ct)) ?? 0;
        foreach (var (version, name, sql) in Scripts().Where(s => s.Version > current))
        {
            await connection.ExecuteAsync(new CommandDefinition(sql, transaction: transaction, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_version (version) VALUES (@version)", new { version }, transaction, cancellationToken: ct));
            logger.LogInformation("Applied migration {Version} {Name}", version, name);
        }
        await transaction.CommitAsync(ct);
    }

    private static IEnumerable<(int Version, string Name, string Sql)> Scripts()
    {
        var assembly = Assembly.GetExecutingAssembly();
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith("migrations/", StringComparison.Ordinal))
            .Select(name => (Version: int.Parse(name["migrations/".Length..].Split('_')[0], System.Globalization.CultureInfo.InvariantCulture),
                Name: name, Sql: Read(assembly, name)))
            .OrderBy(script => script.Version);
    }

    private static string Read(Assembly assembly, string name)
    {
        using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
        return reader.ReadToEnd();
    }
}
