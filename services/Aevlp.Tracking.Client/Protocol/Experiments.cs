namespace Aevlp.Tracking.Client.Protocol;

public sealed record ExperimentTag(string Key, string Value);

public sealed record Experiment
{
    public required string ExperimentId { get; init; }
    public required string Name { get; init; }
    public string? ArtifactLocation { get; init; }
    public string LifecycleStage { get; init; } = Protocol.LifecycleStage.Active;
    public long? CreationTime { get; init; }
    public long? LastUpdateTime { get; init; }
    public IReadOnlyList<ExperimentTag> Tags { get; init; } = [];
}

public sealed record CreateExperimentRequest(string? Name = null, string? ArtifactLocation = null, IReadOnlyList<ExperimentTag>? Tags = null);

public sealed record CreateExperimentResponse(string ExperimentId);

public sealed record ExperimentResponse(Experiment Experiment);

public sealed record SearchExperimentsRequest(int? MaxResults = null, string? PageToken = null, string? Filter = null, IReadOnlyList<string>? OrderBy = null, string? ViewType = null);

public sealed record SearchExperimentsResponse
{
    public IReadOnlyList<Experiment> Experiments { get; init; } = [];
    public string? NextPageToken { get; init; }
}

public sealed record ExperimentIdRequest(string? ExperimentId = null);

public sealed record UpdateExperimentRequest(string? ExperimentId = null, string? NewName = null);

public sealed record SetExperimentTagRequest(string? ExperimentId = null, string? Key = null, string? Value = null);

public sealed record DeleteExperimentTagRequest(string? ExperimentId = null, string? Key = null);
