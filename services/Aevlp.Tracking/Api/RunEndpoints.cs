using Aevlp.Tracking.Client.Protocol;
using Aevlp.Tracking.Search;
using Aevlp.Tracking.Storage;

namespace Aevlp.Tracking.Api;

public static class RunEndpoints
{
    public static void MapRunEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("runs/create", async (MlflowRequest<CreateRunRequest> request, RunStore runs, CancellationToken ct) =>
            new RunResponse(await runs.CreateAsync(request.Value, ct)));

        api.MapGet("runs/get", async (MlflowRequest<RunIdRequest> request, RunStore runs, CancellationToken ct) =>
            new RunResponse(await runs.GetAsync(Require.RunId(request.Value), ct)));

        api.MapPost("runs/update", async (MlflowRequest<UpdateRunRequest> request, RunStore runs, CancellationToken ct) =>
            new UpdateRunResponse(await runs.UpdateAsync(request.Value, ct)));

        api.MapPost("runs/delete", async (MlflowRequest<RunIdRequest> request, RunStore runs, CancellationToken ct) =>
        {
            await runs.SetLifecycleStageAsync(Require.RunId(request.Value), LifecycleStage.Deleted, ct);
            return MlflowApi.Empty;
        });

        api.MapPost("runs/restore", async (MlflowRequest<RunIdRequest> request, RunStore runs, CancellationToken ct) =>
        {
            await runs.SetLifecycleStageAsync(Require.RunId(request.Value), LifecycleStage.Active, ct);
            return MlflowApi.Empty;
        });

        api.MapPost("runs/log-metric", async (MlflowRequest<LogMetricRequest> request, RunLogWriter writer, CancellationToken ct) =>
        {
            var r = request.Value;
            var metric = new Metric(Require.Field(r.Key, "key"), Require.Field(r.Value, "value"), Require.Field(r.Timestamp, "timestamp"), r.Step ?? 0,
                r.DatasetName, r.DatasetDigest, r.ModelId);
            await writer.LogAsync(Require.RunId(r), [metric], [], [], ct);
            return MlflowApi.Empty;
        });

        api.MapPost("runs/log-parameter", async (MlflowRequest<LogParamRequest> request, RunLogWriter writer, CancellationToken ct) =>
        {
            var r = request.Value;
            await writer.LogAsync(Require.RunId(r), [], [new Param(Require.Field(r.Key, "key"), Require.Value(r.Value, MlflowLimits.MaxParamValueLength, "param", r.Key!))], [], ct);
            return MlflowApi.Empty;
        });

        api.MapPost("runs/set-tag", async (MlflowRequest<SetTagRequest> request, RunLogWriter writer, CancellationToken ct) =>
        {
            var r = request.Value;
            await writer.LogAsync(Require.RunId(r), [], [], [new RunTag(Require.Field(r.Key, "key"), Require.Value(r.Value, MlflowLimits.MaxTagValueLength, "tag", r.Key!))], ct);
            return MlflowApi.Empty;
        });

        api.MapPost("runs/log-inputs", async (MlflowRequest<LogInputsRequest> request, RunInputStore inputs, CancellationToken ct) =>
        {
            var r = request.Value;
            await inputs.LogAsync(Require.RunId(r), DatasetInputRules.Check(r.Datasets),
                [.. (r.Models ?? []).Select(m => Require.Field(m.ModelId, "models.model_id"))], ct);
            return MlflowApi.Empty;
        });

        api.MapPost("runs/log-model", async (MlflowRequest<LogModelRequest> request, RunModelHistory history, CancellationToken ct) =>
        {
            await history.AppendAsync(Require.RunId(request.Value), request.Value.ModelJson, ct);
            return MlflowApi.Empty;
        });

        api.MapPost("runs/delete-tag", async (MlflowRequest<DeleteTagRequest> request, RunStore runs, CancellationToken ct) =>
        {
            await runs.DeleteTagAsync(Require.RunId(request.Value), Require.Field(request.Value.Key, "key"), ct);
            return MlflowApi.Empty;
        });

        api.MapPost("runs/log-batch", async (MlflowRequest<LogBatchRequest> request, RunLogWriter writer, CancellationToken ct) =>
        {
            var r = request.Value;
            await writer.LogAsync(Require.RunId(r), r.Metrics ?? [], r.Params ?? [], r.Tags ?? [], ct);
            return MlflowApi.Empty;
        });

        api.MapPost("runs/search", (MlflowRequest<SearchRunsRequest> request, RunSearch search, CancellationToken ct) =>
            search.SearchAsync(request.Value, ct));

        api.MapGet("metrics/get-history", (MlflowRequest<MetricHistoryQuery> request, MetricHistory history, CancellationToken ct) =>
            history.GetAsync(Require.RunId(request.Value), Require.Field(request.Value.MetricKey, "metric_key"),
                Require.MaxResults(request.Value.MaxResults, MetricHistory.DefaultMaxResults, MetricHistory.DefaultMaxResults),
                request.Value.PageToken, ct));

        api.MapGet("metrics/get-history-bulk-interval", (MlflowRequest<MetricHistoryBulkIntervalQuery> request, MetricHistoryBulkInterval history, CancellationToken ct) =>
        {
            var (runIds, key, maxResults, range) = MetricHistoryBulkInterval.Check(request.Value);
            return history.GetAsync(runIds, key, maxResults, range, ct);
        });
    }
}
