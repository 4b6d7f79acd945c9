using Aevlp.Tracking.Client.Protocol;
using Aevlp.Tracking.Search;
using Dapper;
using Npgsql;

namespace Aevlp.Tracking.Storage;

/// <summary>metrics/get-history: every value of one metric of one run, by step then timestamp, in pages.</summary>
public sealed class MetricHistory(NpgsqlDataSource database, RunStore runs)
{
    public const int DefaultMaxResults = 25000;

    public async Task<MetricHistoryResponse> GetAsync(string runId, string key, int limit, string? pageToken, CancellationToken ct)
    {
        var offset = PageToken.Offset(pageToken);
        await runs.GetRowAsync(runId, ct);
        await using var connection = await database.OpenConnectionAsync(ct);
        var rows = (await connection.QueryAsync<HistoryRow>(Sql.Command("""
            SELECT key AS Key, value AS Value, timestamp AS Timestamp, step AS Step FROM metrics
            WHERE run_uuid = @runId AND key = @key ORDER BY step, timestamp LIMIT @take OFFSET @offset
            """, new { runId, key, take = limit + 1, offset }, ct))).ToArray();
        return new MetricHistoryResponse
        {
            Metrics = rows.Take(limit).Select(r => new Metric(r.Key, r.Value, r.Timestamp, r.Step)).ToArray(),
            NextPageToken = PageToken.Next(offset, limit, rows.Length > limit),
        };
    }

    private sealed record HistoryRow(string Key, double Value, long Timestamp, long Step);
}
