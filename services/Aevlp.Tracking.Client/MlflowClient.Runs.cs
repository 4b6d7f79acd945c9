using Aevlp.Tracking.Client.Protocol;

namespace Aevlp.Tracking.Client;

public sealed partial class MlflowClient
{
    public async Task<Run> CreateRunAsync(string experimentId, string? runName = null, IReadOnlyList<RunTag>? tags = null,
        long? startTime = null, CancellationToken ct = default) =>
        (await http.SendAsync<CreateRunRequest, RunResponse>(HttpMethod.Post, "runs/create",
            new CreateRunRequest(experimentId, runName, StartTime: startTime ?? NowMs(), Tags: tags), ct)).Run;

    public async Task<Run> GetRunAsync(string runId, CancellationToken ct = default) =>
        (await http.GetAsync<RunResponse>("runs/get", [("run_id", runId)], ct)).Run;

    public async Task<RunInfo> UpdateRunAsync(string runId, string? status = null, long? endTime = null, string? runName = null,
        CancellationToken ct = default) =>
        (await http.SendAsync<UpdateRunRequest, UpdateRunResponse>(HttpMethod.Post, "runs/update",
            new UpdateRunRequest(runId, status, endTime, runName), ct)).RunInfo;

    /// <summary>Marks the run finished (or failed) now.</summary>
    public Task<RunInfo> EndRunAsync(string runId, string status = RunStatus.Finished, CancellationToken ct = default) =>
        UpdateRunAsync(runId, status, NowMs(), ct: ct);

    public Task DeleteRunAsync(string runId, CancellationToken ct = default) =>
        http.SendAsync(HttpMethod.Post, "runs/delete", new RunIdRequest(runId), ct);

    public Task RestoreRunAsync(string runId, CancellationToken ct = default) =>
        http.SendAsync(HttpMethod.Post, "runs/restore", new RunIdRequest(runId), ct);

    public Task<SearchRunsResponse> SearchRunsAsync(SearchRunsRequest request, CancellationToken ct = default) =>
        http.SendAsync<SearchRunsRequest, SearchRunsResponse>(HttpMethod.Post, "runs/search", request, ct);

    public Task LogMetricAsync(string runId, string key, double value, long step = 0, long? timestamp = null, CancellationToken ct = default) =>
        http.SendAsync(HttpMethod.Post, "runs/log-metric", new LogMetricRequest(runId, key, value, timestamp ?? NowMs(), step), ct);

    public Task LogParamAsync(string runId, string key, string value, CancellationToken ct = default) =>
        http.SendAsync(HttpMethod.Post, "runs/log-parameter", new LogParamRequest(runId, key, value), ct);

    public Task SetTagAsync(string runId, string key, string value, CancellationToken ct = default) =>
        http.SendAsync(HttpMethod.Post, "runs/set-tag", new SetTagRequest(runId, key, value), ct);

    /// <summary>The datasets the run reads (MLflow's log_input); one already logged to the run is left as it is.</summary>
    public Task LogInputsAsync(string runId, IReadOnlyList<DatasetInput> datasets, CancellationToken ct = default) =>
        http.SendAsync(HttpMethod.Post, "runs/log-inputs", new LogInputsRequest(runId, datasets), ct);

    /// <summary>Logs any number of metrics, params and tags, in as many log-batch calls as the server's
    /// limits require (<see cref="MlflowLimits"/>). Each call is atomic; the whole is not.</summary>
    public async Task LogBatchAsync(string runId, IReadOnlyList<Metric>? metrics = null, IReadOnlyList<Param>? @params = null,
        IReadOnlyList<RunTag>? tags = null, CancellationToken ct = default)
    {
        foreach (var batch in LogBatches.Split(runId, metrics ?? [], @params ?? [], tags ?? []))
        {
            await http.SendAsync(HttpMethod.Post, "runs/log-batch", batch, ct);
        }
    }

    /// <summary>Every recorded value of one metric, following page tokens to the end.</summary>
    public async Task<IReadOnlyList<Metric>> GetMetricHistoryAsync(string runId, string metricKey, CancellationToken ct = default)
    {
        var all = new List<Metric>();
        string? token = null;
        do
        {
            var page = await http.GetAsync<MetricHistoryResponse>("metrics/get-history",
                [("run_id", runId), ("metric_key", metricKey), ("page_token", token)], ct);
            all.AddRange(page.Metrics);
            token = page.NextPageToken;
        } while (!string.IsNullOrEmpty(token));
        return all;
    }
}
