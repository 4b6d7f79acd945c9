using Aevlp.Tracking.Client.Protocol;
using Aevlp.Tracking.Storage;
using Dapper;
using Npgsql;

namespace Aevlp.Tracking.LoggedModels;

/// <summary>Fills in tags, params and metrics for a page of logged models in one round trip.</summary>
public sealed class LoggedModelLoader(NpgsqlDataSource database)
{
    private const string Query = """
        SELECT model_id AS Owner, key AS Key, value AS Value FROM logged_model_tags WHERE model_id = ANY(@ids) ORDER BY key;
        SELECT model_id AS Owner, key AS Key, value AS Value FROM logged_model_params WHERE model_id = ANY(@ids) ORDER BY key;
        SELECT model_id AS ModelId, key AS Key, value AS Value, timestamp AS Timestamp, step AS Step, run_uuid AS RunId,
               dataset_name AS DatasetName, dataset_digest AS DatasetDigest
        FROM logged_model_metrics WHERE model_id = ANY(@ids) ORDER BY key, step, timestamp, run_uuid;
        """;

    public async Task<IReadOnlyList<LoggedModel>> LoadAsync(IReadOnlyList<LoggedModelRow> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return [];
        await using var connection = await database.OpenConnectionAsync(ct);
        using var results = await connection.QueryMultipleAsync(Sql.Command(Query, new { ids = rows.Select(r => r.ModelId).ToArray() }, ct));
        var tags = (await results.ReadAsync<KeyValueRow>()).ToLookup(t => t.Owner, t => new LoggedModelTag(t.Key, t.Value));
        var @params = (await results.ReadAsync<KeyValueRow>()).ToLookup(p => p.Owner, p => new LoggedModelParameter(p.Key, p.Value));
        var metrics = (await results.ReadAsync<MetricRow>()).ToLookup(m => m.ModelId,
            m => new Metric(m.Key, m.Value, m.Timestamp, m.Step, m.DatasetName, m.DatasetDigest, m.ModelId, m.RunId));
        return rows.Select(row => new LoggedModel(row.ToInfo(tags[row.ModelId].ToArray()), new LoggedModelData
        {
            Params = @params[row.ModelId].ToArray(),
            Metrics = metrics[row.ModelId].ToArray(),
        })).ToArray();
    }

    private sealed record KeyValueRow(string Owner, string Key, string Value);

    private sealed record MetricRow(string ModelId, string Key, double Value, long Timestamp, long Step, string RunId, string? DatasetName,
        string? DatasetDigest);
}
