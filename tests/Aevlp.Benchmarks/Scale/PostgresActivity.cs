using Dapper;
using Npgsql;

namespace Aevlp.Benchmarks.Scale;

/// <summary>PostgreSQL's own counters (<c>pg_stat_database</c>) of the platform's two databases: transactions committed and rows
/// written. The difference of two snapshots is what a workload cost the database.</summary>
public sealed record PostgresActivity(IReadOnlyDictionary<string, PostgresActivity.Counters> Databases)
{
    public sealed record Counters(long Commits, long Inserted, long Updated, long Deleted)
    {
        public long RowsWritten => Inserted + Updated + Deleted;

        public static Counters operator -(Counters a, Counters b) =>
            new(a.Commits - b.Commits, a.Inserted - b.Inserted, a.Updated - b.Updated, a.Deleted - b.Deleted);
    }

    public static async Task<PostgresActivity> SnapshotAsync(string connectionString, CancellationToken ct)
    {
        // The counters are flushed by each backend at most once a second; wait that out so a snapshot holds what came before it.
        await Task.Delay(TimeSpan.FromSeconds(1.5), ct);
        await using var connection = new NpgsqlConnection(connectionString);
        var rows = await connection.QueryAsync<(string Name, long Commits, long Inserted, long Updated, long Deleted)>(new CommandDefinition("""
            SELECT datname, xact_commit, tup_inserted, tup_updated, tup_deleted FROM pg_stat_database
            WHERE datname IN ('registrydb', 'trackingdb')
            """, cancellationToken: ct));
        return new(rows.ToDictionary(r => r.Name, r => new Counters(r.Commits, r.Inserted, r.Updated, r.Deleted)));
    }

    public static PostgresActivity operator -(PostgresActivity after, PostgresActivity before) =>
        new(after.Databases.ToDictionary(d => d.Key, d => d.Value - before.Databases[d.Key]));
}
