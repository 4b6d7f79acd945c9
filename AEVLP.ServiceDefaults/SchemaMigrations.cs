using System.Reflection;
using DbUp;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Aevlp.ServiceDefaults;

/// <summary>The one schema migrator of the services that own a PostgreSQL database (the registry, the tracker): DbUp runs the
/// service's embedded <c>migrations/NNNN_name.sql</c> scripts in name order, each once (journaled by name in
/// <c>schemaversions</c>), all in one transaction, under a PostgreSQL advisory lock so replicas starting together take turns.
/// A database from before DbUp (its own <c>schema_version</c> table of applied versions) is carried over once.</summary>
public sealed class SchemaMigrator(string connectionString, Assembly scripts, ILogger<SchemaMigrator> logger)
{
    public const string ResourcePrefix = "migrations/";
    private const string Journal = "schemaversions";
    private const string LegacyJournal = "schema_version";

    public async Task MigrateAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        var lockKey = LockKey(connection.Database);
        await ExecuteAsync(connection, "SELECT pg_advisory_lock($1)", ct, lockKey);
        try
        {
            await AdoptLegacyJournalAsync(connection, ct);
            var result = await Task.Run(Upgrade, ct);
            if (!result.Successful) throw new InvalidOperationException($"Schema migration {result.ErrorScript?.Name} failed: {result.Error.Message}", result.Error);
            foreach (var script in result.Scripts) logger.LogInformation("Applied schema migration {Script} to {Database}", script.Name, connection.Database);
        }
        finally
        {
            await ExecuteAsync(connection, "SELECT pg_advisory_unlock($1)", CancellationToken.None, lockKey);
        }
    }

    private DbUp.Engine.DatabaseUpgradeResult Upgrade() => DeployChanges.To
        .PostgresqlDatabase(connectionString)
        .WithScriptsEmbeddedInAssembly(scripts, name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
        .JournalToPostgresqlTable("public", Journal)
        .WithTransaction()
        .LogToNowhere()
        .Build()
        .PerformUpgrade();

    /// <summary>Records in DbUp's journal the scripts the earlier migrator applied (by their version number), so they are not
    /// run again; once DbUp's journal exists this does nothing.</summary>
    private async Task AdoptLegacyJournalAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var tables = (await QueryAsync<string>(connection, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'", ct)).ToHashSet();
        if (!tables.Contains(LegacyJournal) || tables.Contains(Journal)) return;
        var applied = (await QueryAsync<int>(connection, $"SELECT version FROM {LegacyJournal}", ct)).ToHashSet();
        var adopted = scripts.GetManifestResourceNames().Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Where(name => applied.Contains(int.Parse(name[ResourcePrefix.Length..].Split('_')[0], System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
        await ExecuteAsync(connection,
            $"CREATE TABLE {Journal} (schemaversionsid serial PRIMARY KEY, scriptname character varying(255) NOT NULL, applied timestamp without time zone NOT NULL)", ct);
        await ExecuteAsync(connection, $"INSERT INTO {Journal} (scriptname, applied) SELECT unnest($1::text[]), now()", ct, adopted.ToArray());
        logger.LogInformation("Carried {Count} applied migrations of {Database} over from {Legacy} to {Journal}", adopted.Count, connection.Database, LegacyJournal, Journal);
    }

    /// <param name="parameter">The value of <c>$1</c>, when the statement has one.</param>
    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct, object? parameter = null)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        if (parameter is not null) command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<List<T>> QueryAsync<T>(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct)) rows.Add(reader.GetFieldValue<T>(0));
        return rows;
    }

    // "AEV" and a hash of the database name: the registry's and the tracker's migrations never wait on each other.
    private static long LockKey(string database) => 0x41455600_00000000L | (uint)StableHash(database);

    private static int StableHash(string text) => text.Aggregate(17, (hash, c) => unchecked(hash * 31 + c));
}

public static class SchemaMigrationExtensions
{
    /// <summary>Registers the <see cref="SchemaMigrator"/> of the calling service's scripts on the database of
    /// <paramref name="connectionName"/>.</summary>
    public static TBuilder AddSchemaMigrations<TBuilder>(this TBuilder builder, string connectionName, Assembly scripts)
        where TBuilder : IHostApplicationBuilder
    {
        var connectionString = ConnectionStrings.Require(builder.Configuration, connectionName);
        builder.Services.AddSingleton(services => new SchemaMigrator(connectionString, scripts, services.GetRequiredService<ILogger<SchemaMigrator>>()));
        return builder;
    }

    /// <summary>Brings the schema up to date before the service takes its first request or message.</summary>
    public static Task MigrateSchemaAsync(this WebApplication app) =>
        app.Services.GetRequiredService<SchemaMigrator>().MigrateAsync(app.Lifetime.ApplicationStopping);
}
