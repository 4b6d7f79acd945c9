namespace Aevlp.Tracking.Client.Protocol;

/// <summary>MLflow 3's logged model: a model with its own id (<c>m-…</c>), artifacts, params, tags and metrics,
/// usually the output of a run. Registered model versions point to it with <c>models:/m-…</c>.</summary>
public sealed record LoggedModel(LoggedModelInfo Info, LoggedModelData Data);

public sealed record LoggedModelInfo
{
    public required string ModelId { get; init; }
    public required string ExperimentId { get; init; }
    public required string Name { get; init; }
    public long CreationTimestampMs { get; init; }
    public long LastUpdatedTimestampMs { get; init; }
    public required string ArtifactUri { get; init; }
    public string Status { get; init; } = LoggedModelStatus.Pending;
    public string? ModelType { get; init; }
    public string? SourceRunId { get; init; }
    public IReadOnlyList<LoggedModelTag> Tags { get; init; } = [];
}

/// <summary>Params, and every metric value logged to the model (its whole history, as MLflow answers).</summary>
public sealed record LoggedModelData
{
    public IReadOnlyList<LoggedModelParameter> Params { get; init; } = [];
    public IReadOnlyList<Metric> Metrics { get; init; } = [];
}

public sealed record LoggedModelTag(string? Key = null, string? Value = null);

public sealed record LoggedModelParameter(string? Key = null, string? Value = null);

/// <summary>MLflow's LoggedModelStatus enum, by the names its JSON carries; <see cref="Codes"/> are its numbers.</summary>
public static class LoggedModelStatus
{
    public const string Unspecified = "LOGGED_MODEL_STATUS_UNSPECIFIED";
    public const string Pending = "LOGGED_MODEL_PENDING";
    public const string Ready = "LOGGED_MODEL_READY";
    public const string UploadFailed = "LOGGED_MODEL_UPLOAD_FAILED";

    /// <summary>The enum's numbers in order 0–3, as protobuf JSON also accepts them.</summary>
    public static readonly IReadOnlyList<string> Codes = [Unspecified, Pending, Ready, UploadFailed];
}

/// <summary>The name of a run's model, as MLflow's <c>log_model(name="model")</c> gives it: the evaluator logs each run's
/// exported model under it, and the registry registers the model of that name whose source is the run.</summary>
public static class RunModel
{
    public const string Name = "model";

    /// <summary>The search filter that finds the run's model, as MLflow's <c>register_model("runs:/…/model")</c> does.</summary>
    public static string Filter(string runId, string? status = null) =>
        $"name = '{Name}' AND source_run_id = '{runId}'" + (status is null ? "" : $" AND status = '{status}'");
}

public sealed record LoggedModelResponse(LoggedModel Model);

public sealed record CreateLoggedModelRequest(string? ExperimentId = null, string? Name = null, string? ModelType = null,
    string? SourceRunId = null, IReadOnlyList<LoggedModelParameter>? Params = null, IReadOnlyList<LoggedModelTag>? Tags = null);

/// <summary>The body of PATCH logged-models/{id}. <see cref="Status"/> is the enum's name or number (protobuf JSON allows both).</summary>
public sealed record FinalizeLoggedModelRequest(string? ModelId = null, System.Text.Json.JsonElement? Status = null);

public sealed record SetLoggedModelTagsRequest(string? ModelId = null, IReadOnlyList<LoggedModelTag>? Tags = null);

public sealed record LogLoggedModelParamsRequest(string? ModelId = null, IReadOnlyList<LoggedModelParameter>? Params = null);

public sealed record LoggedModelArtifactsQuery(string? ArtifactDirectoryPath = null, string? PageToken = null);

public sealed record LoggedModelArtifactFileQuery(string? ArtifactFilePath = null);

public sealed record SearchLoggedModelsRequest(IReadOnlyList<string>? ExperimentIds = null, string? Filter = null,
    IReadOnlyList<DatasetFilter>? Datasets = null, int? MaxResults = null, IReadOnlyList<LoggedModelOrderBy>? OrderBy = null,
    string? PageToken = null);

/// <summary>Restricts metric filters and metric order to values logged on this dataset (name, and digest when given).</summary>
public sealed record DatasetFilter(string? DatasetName = null, string? DatasetDigest = null);

public sealed record LoggedModelOrderBy(string? FieldName = null, bool? Ascending = null, string? DatasetName = null, string? DatasetDigest = null);

public sealed record SearchLoggedModelsResponse
{
    public IReadOnlyList<LoggedModel> Models { get; init; } = [];
    public string? NextPageToken { get; init; }
}

/// <summary>A model a run produced (runs/outputs), at a step of the run.</summary>
public sealed record ModelOutput(string? ModelId = null, long? Step = null);

/// <summary>A model a run read (runs/log-inputs' <c>models</c>).</summary>
public sealed record ModelInput(string? ModelId = null);

public sealed record RunOutputs
{
    public IReadOnlyList<ModelOutput> ModelOutputs { get; init; } = [];
}

public sealed record LogOutputsRequest(string? RunId = null, IReadOnlyList<ModelOutput>? Models = null, string? RunUuid = null) : IRunRequest;

/// <summary>runs/log-model: the model's MLmodel as a JSON string.</summary>
public sealed record LogModelRequest(string? RunId = null, string? ModelJson = null, string? RunUuid = null) : IRunRequest;
