using Aevlp.Tracking.Api;
using Aevlp.Tracking.Client.Protocol;
using Aevlp.Tracking.Search;
using Aevlp.Tracking.Storage;
using Dapper;
using Npgsql;

namespace Aevlp.Tracking.LoggedModels;

/// <summary>logged-models/search as MLflow's server answers it: active models of some experiments, filtered by
/// attributes, <c>metrics.k</c> (any logged value, on the request's datasets when it names some), <c>params.k</c> and
/// <c>tags.k</c>; ordered by columns or a metric's latest value, then newest first and by id, so pages never overlap.</summary>
public sealed class LoggedModelSearch(NpgsqlDataSource database, LoggedModelLoader loader)
{
    public const int DefaultMaxResults = 100;
    public const int MaxResultsLimit = 50000;

    public async Task<SearchLoggedModelsResponse> SearchAsync(SearchLoggedModelsRequest request, CancellationToken ct)
    {
        var experimentIds = request.ExperimentIds ?? throw MlflowError.Invalid("Missing value for required parameter 'experiment_ids'.");
        var limit = Require.MaxResults(request.MaxResults is 0 ? null : request.MaxResults, DefaultMaxResults, MaxResultsLimit);
        var offset = PageToken.Offset(request.PageToken);
        var parameters = new SqlParameters();
        var datasets = request.Datasets ?? [];
        if (datasets.Any(d => string.IsNullOrEmpty(d.DatasetName)))
            throw MlflowError.Invalid("`dataset_name` in the `datasets` clause must be specified.");
        var conditions = new List<string>
        {
            $"m.experiment_id = ANY({parameters.Add(experimentIds.Select(id => Require.ExperimentId(id, "experiment_ids")).ToArray())})",
            $"m.lifecycle_stage = {parameters.Add(LifecycleStage.Active)}",
        };
        var filter = FilterParser.Parse(request.Filter);
        conditions.AddRange(filter.Select(c => LoggedModelSearchSchema.Condition(c, datasets, parameters)));
        if (datasets.Count > 0 && !filter.Any(c => c.Key.Kind == KeyKind.Metric))
            conditions.Add($"EXISTS (SELECT 1 FROM logged_model_metrics mm WHERE mm.model_id = m.model_id AND {LoggedModelSearchSchema.OnDatasets(datasets, parameters)})");
        var order = (request.OrderBy ?? []).Select(o => LoggedModelSearchSchema.Order(o, parameters)).ToList();
        if (!order.Any(o => o.StartsWith("m.creation_timestamp_ms ", StringComparison.Ordinal))) order.Add("m.creation_timestamp_ms DESC");
        if (!order.Any(o => o.StartsWith("m.model_id ", StringComparison.Ordinal))) order.Add("m.model_id ASC");
        var sql = $"SELECT {LoggedModelRow.Columns} FROM logged_models m WHERE {string.Join(" AND ", conditions)} " +
            $"ORDER BY {string.Join(", ", order)} LIMIT {parameters.Add(limit + 1)} OFFSET {parameters.Add(offset)}";
        await using var connection = await database.OpenConnectionAsync(ct);
        var rows = (await connection.QueryAsync<LoggedModelRow>(Sql.Command(sql, parameters.Values, ct))).ToArray();
        return new SearchLoggedModelsResponse
        {
            Models = await loader.LoadAsync(rows.Take(limit).ToArray(), ct),
            NextPageToken = PageToken.Next(offset, limit, rows.Length > limit),
        };
    }
}
