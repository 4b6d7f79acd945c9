using System.Data;
using Dapper;
using Npgsql;

namespace Aevlp.Tracking.Storage;

/// <summary>The key-value tables of runs and logged models (params, tags), written with one statement for any number of
/// keys. <c>table</c> and <c>owner</c> are the code's own names, never request text.</summary>
internal static class KeyValueRows
{
    /// <summary>Sets each key to its value: tags, which may change.</summary>
    public static Task UpsertAsync(NpgsqlConnection connection, IDbTransaction transaction, string table, string owner, string ownerId,
        string[] keys, string[] values, CancellationToken ct) =>
        connection.ExecuteAsync(Sql.Command($"""
            INSERT INTO {table} ({owner}, key, value) SELECT @ownerId, k, v FROM unnest(@keys, @values) AS t(k, v)
            ON CONFLICT ({owner}, key) DO UPDATE SET value = excluded.value
            """, new { ownerId, keys, values }, ct, transaction));

    /// <summary>Params: inserts the keys that are new and answers the first key whose stored value differs, else null. The
    /// check runs after the insert, in its own statement, so a concurrent writer's value is seen too.</summary>
    public static async Task<Clash?> InsertOnceAsync(NpgsqlConnection connection, IDbTransaction transaction, string table, string owner,
        string ownerId, string[] keys, string[] values, CancellationToken ct)
    {
        if (keys.Length == 0) return null;
        var args = new { ownerId, keys, values };
        await connection.ExecuteAsync(Sql.Command($"""
            INSERT INTO {table} ({owner}, key, value) SELECT @ownerId, k, v FROM unnest(@keys, @values) AS i(k, v)
            ON CONFLICT ({owner}, key) DO NOTHING
            """, args, ct, transaction));
        return await connection.QueryFirstOrDefaultAsync<Clash>(Sql.Command($"""
            SELECT i.k AS Key, p.value AS Stored, i.v AS Attempted FROM unnest(@keys, @values) AS i(k, v)
            JOIN {table} p ON p.{owner} = @ownerId AND p.key = i.k WHERE p.value <> i.v LIMIT 1
            """, args, ct, transaction));
    }

    public sealed record Clash(string Key, string Stored, string Attempted);
}
