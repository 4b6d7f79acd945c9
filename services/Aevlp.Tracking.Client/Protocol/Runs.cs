namespace Aevlp.Tracking.Client.Protocol;

/// <summary>A metric value. MLflow 3 clients may tie it to a logged model (<see cref="ModelId"/>) and to the dataset it
/// was computed on; logged models answer with <see cref="RunId"/> too.</summary>
public sealed record Metric(string Key, double Value, long Timestamp, long Step = 0, string? DatasetName = null,
    string? DatasetDigest = null, string? ModelId = null, string? RunId = null);

public sealed record Param(string Key, string Value);

public sealed record RunTag(string Key, string Value);

public sealed record RunInfo
{
    public required string RunId { get; init; }
    public required string RunUuid { get; init; }
    public string RunName { get; init; } = "";
    public required string ExperimentId { get; init; }
    public string? UserId { get; init; }
    public required string Status { get; init; }
    public long StartTime { get; init; }
    public long? EndTime { get; init; }
    public required string ArtifactUri { get; init; }
    public string LifecycleStage { get; init; } = Protocol.LifecycleStage.Active;
}

/// <summary>Metrics carry the latest value per key (highest step, then timestamp).</summary>
public sealed record RunData
{
    public IReadOnlyList<Metric> Metrics { get; init; } = [];
    public IReadOnlyList<Param> Params { get; init; } = [];
    public IReadOnlyList<RunTag> Tags { get; init; } = [];
}

public sealed record Run(RunInfo Info, RunData Data, RunInputs? Inputs = null, RunOutputs? Outputs = null);

public sealed record RunResponse(Run Run);

public sealed record CreateRunRequest(string? ExperimentId = null, string? RunName = null, string? UserId = null, long? StartTime = null, IReadOnlyList<RunTag>? Tags = null);

/// <summary>Run-addressed requests carry <c>run_id</c>; older clients send <c>run_uuid</c> instead (or both).</summary>
public interface IRunRequest
{
    string? RunId { get; }
    string? RunUuid { get; }
}

public sealed record UpdateRunRequest(string? RunId = null, string? Status = null, long? EndTime = null, string? RunName = null, string? RunUuid = null) : IRunRequest;

public sealed record UpdateRunResponse(RunInfo RunInfo);

public sealed record RunIdRequest(string? RunId = null, string? RunUuid = null) : IRunRequest;

public sealed record LogMetricRequest(string? RunId = null, string? Key = null, double? Value = null, long? Timestamp = null, long? Step = null, string? RunUuid = null,
    string? ModelId = null, string? DatasetName = null, string? DatasetDigest = null) : IRunRequest;

public sealed record LogParamRequest(string? RunId = null, string? Key = null, string? Value = null, string? RunUuid = null) : IRunRequest;

public sealed record SetTagRequest(string? RunId = null, string? Key = null, string? Value = null, string? RunUuid = null) : IRunRequest;

public sealed record DeleteTagRequest(string? RunId = null, string? Key = null, string? RunUuid = null) : IRunRequest;

public sealed record LogBatchRequest(string? RunId = null, IReadOnlyList<Metric>? Metrics = null, IReadOnlyList<Param>? Params = null, IReadOnlyList<RunTag>? Tags = null, string? RunUuid = null) : IRunRequest;

public sealed record SearchRunsRequest(IReadOnlyList<string>? ExperimentIds = null, string? Filter = null, string? RunViewType = null, int? MaxResults = null, IReadOnlyList<string>? OrderBy = null, string? PageToken = null);

public sealed record SearchRunsResponse
{
    public IReadOnlyList<Run> Runs { get; init; } = [];
    public string? NextPageToken { get; init; }
}

/// <summary>A metric value with its run, as metrics/get-history-bulk-interval answers.</summary>
public sealed record MetricWithRunId(string Key, double Value, long Timestamp, long Step, string RunId);

public sealed record MetricHistoryBulkIntervalResponse
{
    public IReadOnlyList<MetricWithRunId> Metrics { get; init; } = [];
}

public sealed record MetricHistoryResponse
{
    public IReadOnlyList<Metric> Metrics { get; init; } = [];
    public string? NextPageToken { get; init; }
}
