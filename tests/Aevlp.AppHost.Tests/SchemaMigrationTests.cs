using Aevlp.ServiceDefaults;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Aevlp.AppHost.Tests;

/// <summary>The one schema migrator (DbUp) on the AppHost's real PostgreSQL: a database the earlier migrator left carries over
/// without running a script twice, and replicas starting together each see every script applied once.</summary>
public sealed class SchemaMigrationTests
{
    private static readonly System.Reflection.Assembly Registry = typeof(Aevlp.Registry.RegistryOptions).Assembly;

    [Fact]
    public async Task A_database_of_the_earlier_migrator_is_carried_over_and_replicas_migrate_once()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var ct = timeout.Token;
        using var dataDir = new TestFolder();
        await using var app = await LocalAppHost.StartAsync(dataDir.Path, [], AppModel.Only(), ct, "postgres", "registrydb");
        var server = (await app.GetConnectionStringAsync("registrydb", ct))!;
        var legacy = await NewDatabaseAsync(server, "legacy", ct);
        var fresh = await NewDatabaseAsync(server, "fresh", ct);
        var scripts = Registry.GetManifestResourceNames().Where(n => n.StartsWith(SchemaMigrator.ResourcePrefix, StringComparison.Ordinal)).Order().ToList();
        await LeaveAsTheEarlierMigratorDidAsync(legacy, scripts[..5], ct);

        await Migrator(legacy).MigrateAsync(ct);
        await Migrator(legacy).MigrateAsync(ct);
        await Task.WhenAll(Migrator(fresh).MigrateAsync(ct), Migrator(fresh).MigrateAsync(ct));

        Assert.Equal(scripts, await JournalAsync(legacy, ct));
        Assert.Equal(scripts, await JournalAsync(fresh, ct));
        // 0006, the one script the earlier migrator had not applied, ran once.
        Assert.Equal(1L, await Sql.ScalarAsync(legacy, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'runs' AND column_name = 'assets'", ct));
        await app.StopAsync(ct);
    }

    private static SchemaMigrator Migrator(string connectionString) => new(connectionString, Registry, NullLogger<SchemaMigrator>.Instance);

    /// <summary>The first five scripts applied and recorded in <c>schema_version</c> by version, as the registry's own migrator did.</summary>
    private static async Task LeaveAsTheEarlierMigratorDidAsync(string database, List<string> applied, CancellationToken ct)
    {
        await Sql.ExecuteAsync(database, "CREATE TABLE schema_version (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())", ct);
        foreach (var script in applied)
        {
            using var reader = new StreamReader(Registry.GetManifestResourceStream(script)!);
            await Sql.ExecuteAsync(database, await reader.ReadToEndAsync(ct), ct);
            var version = int.Parse(script[SchemaMigrator.ResourcePrefix.Length..][..4]);
            await Sql.ExecuteAsync(database, $"INSERT INTO schema_version (version, name) VALUES ({version}, '{script}')", ct);
        }
    }

    private static async Task<List<string>> JournalAsync(string database, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT scriptname FROM schemaversions ORDER BY scriptname", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var names = new List<string>();
        while (await reader.ReadAsync(ct)) names.Add(reader.GetString(0));
        return names;
    }

    private static async Task<string> NewDatabaseAsync(string server, string name, CancellationToken ct)
    {
        await Sql.ExecuteAsync(server, $"CREATE DATABASE {name}", ct);
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }
}
