namespace Aevlp.Tracking.Client.Protocol;

/// <summary>What a run read (MLflow's RunInputs): its datasets, in the order they were logged, and models.</summary>
public sealed record RunInputs
{
    public IReadOnlyList<DatasetInput> DatasetInputs { get; init; } = [];
    public IReadOnlyList<ModelInput> ModelInputs { get; init; } = [];
}

/// <summary>A dataset as a run used it; <see cref="Tags"/> say how (MLflow's <c>mlflow.data.context</c>: train, eval…).</summary>
public sealed record DatasetInput(Dataset? Dataset = null, IReadOnlyList<InputTag>? Tags = null);

/// <summary>MLflow's Dataset: <see cref="Digest"/> tells two versions apart; <see cref="Source"/> is read by its
/// <see cref="SourceType"/> (a JSON object for MLflow's own types).</summary>
public sealed record Dataset(string? Name = null, string? Digest = null, string? SourceType = null, string? Source = null,
    string? Schema = null, string? Profile = null);

public sealed record InputTag(string? Key = null, string? Value = null);

public sealed record LogInputsRequest(string? RunId = null, IReadOnlyList<DatasetInput>? Datasets = null, string? RunUuid = null,
    IReadOnlyList<ModelInput>? Models = null) : IRunRequest;

public sealed record SearchDatasetsRequest(IReadOnlyList<string>? ExperimentIds = null);

/// <summary>A dataset some run of the experiment read, in one context (the input tag <c>mlflow.data.context</c>).</summary>
public sealed record DatasetSummary(string ExperimentId, string Name, string Digest, string? Context = null);

public sealed record SearchDatasetsResponse(IReadOnlyList<DatasetSummary> DatasetSummaries);
