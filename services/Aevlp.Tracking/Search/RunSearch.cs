using System.Diagnostics;
using Aevlp.Tracking.Api;
using Aevlp.Tracking.Client.Protocol;
using Aevlp.Tracking.Storage;
using Dapper;
using Npgsql;

namespace Aevlp.Tracking.Search;

/// <summary>runs/search: filter, order and page runs of some experiments with one SQL query, then load the page's
/// data. Paging is by offset inside an opaque token; the order always ends with start_time DESC, run_uuid so pages
/// never overlap.</summary>
public sealed class RunSearch(NpgsqlDataSource database, RunDataLoader loader, TrackingTelemetry telemetry)
{
    public const int DefaultMaxResults = 1000;
    public const int MaxResultsLimit = 50000;

    public async Task<SearchRunsResponse> SearchAsync(SearchRunsRequest request, CancellationToken ct)
    {
        using var activity = TrackingTelemetry.Source.StartActivity("runs.search");
        var (sql, parameters, limit, offset) = Build(request);
        var watch = Stopwatch.StartNew();
        await using var connection = await database.OpenConnectionAsync(ct);
        var rows = (await connection.QueryAsync<RunRow>(Sql.Command(sql, parameters.Values, ct))).ToArray();
        telemetry.SearchDuration.Record(watch.Elapsed.TotalMilliseconds);
        var page = rows.Take(limit).ToArray();
        return new SearchRunsResponse
        {
            Runs = await loader.LoadAsync(page, ct),
            NextPageToken = PageToken.Next(offset, limit, rows.Length > limit),
        };
    }

    private static (string Sql, SqlParameters Parameters, int Limit, int Offset) Build(SearchRunsRequest request)
    {
        if (request.ExperimentIds is not { Count: > 0 } experimentIds)
            throw MlflowError.Invalid("Missing value for required parameter 'experiment_ids'.");
        var limit = Require.MaxResults(request.MaxResults, DefaultMaxResults, MaxResultsLimit);
        var offset = PageToken.Offset(request.PageToken);
        var parameters = new SqlParameters();
        var conditions = new List<string>
        {
            $"r.experiment_id = ANY({parameters.Add(experimentIds.Select(id => Require.ExperimentId(id, "experiment_ids")).ToArray())})",
            $"r.lifecycle_stage = ANY({parameters.Add(Views.Stages(request.RunViewType, "run_view_type"))})",
        };
        conditions.AddRange(FilterParser.Parse(request.Filter).Select(c => RunSearchSchema.Condition(c, parameters)));
        var order = OrderByParser.Parse(request.OrderBy).Select(o => RunSearchSchema.Order(o, parameters))
            .Append("r.start_time DESC").Append("r.run_uuid ASC");
        var sql = $"SELECT {RunRow.Columns} FROM runs r WHERE {string.Join(" AND ", conditions)} " +
            $"ORDER BY {string.Join(", ", order)} LIMIT {parameters.Add(limit + 1)} OFFSET {parameters.Add(offset)}";
        return (sql, parameters, limit, offset);
    }
}
