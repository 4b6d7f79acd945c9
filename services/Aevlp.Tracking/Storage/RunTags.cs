using System.Data;
using Aevlp.Tracking.Api;
using Aevlp.Tracking.Client.Protocol;
using Dapper;
using Npgsql;

namespace Aevlp.Tracking.Storage;

/// <summary>Run tags: validated, de-duplicated (the last value of a key wins) and upserted. Setting
/// mlflow.runName renames the run, as in MLflow.</summary>
internal static class RunTags
{
    public static IReadOnlyList<RunTag> Validate(IReadOnlyList<RunTag> tags) =>
        Require.Tags(tags, t => t.Key, t => t.Value, (k, v) => new RunTag(k, v));

    public static async Task UpsertAsync(NpgsqlConnection connection, IDbTransaction transaction, string runId,
        IReadOnlyList<RunTag> tags, CancellationToken ct)
    {
        if (tags.Count == 0) return;
        await KeyValueRows.UpsertAsync(connection, transaction, "tags", "run_uuid", runId, [.. tags.Select(t => t.Key)], [.. tags.Select(t => t.Value)], ct);
        if (tags.LastOrDefault(t => t.Key == RunStore.RunNameTag) is { Value.Length: > 0 } name)
        {
            await connection.ExecuteAsync(Sql.Command(
                "UPDATE runs SET run_name = @name WHERE run_uuid = @runId", new { runId, name = name.Value }, ct, transaction));
        }
    }
}
