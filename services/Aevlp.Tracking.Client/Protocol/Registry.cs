namespace Aevlp.Tracking.Client.Protocol;

public sealed record RegisteredModelTag(string Key, string Value);

public sealed record ModelVersionTag(string Key, string Value);

public sealed record RegisteredModelAlias(string Alias, string Version);

public sealed record RegisteredModel
{
    public required string Name { get; init; }
    public long CreationTimestamp { get; init; }
    public long LastUpdatedTimestamp { get; init; }
    public string? Description { get; init; }
    /// <summary>The newest version in each stage.</summary>
    public IReadOnlyList<ModelVersion> LatestVersions { get; init; } = [];
    public IReadOnlyList<RegisteredModelTag> Tags { get; init; } = [];
    public IReadOnlyList<RegisteredModelAlias> Aliases { get; init; } = [];
}

public sealed record ModelVersion
{
    public required string Name { get; init; }
    public required string Version { get; init; }
    public long CreationTimestamp { get; init; }
    public long LastUpdatedTimestamp { get; init; }
    public string CurrentStage { get; init; } = ModelStage.None;
    public string? Description { get; init; }
    public string? Source { get; init; }
    public string? RunId { get; init; }
    /// <summary>The logged model the version was registered from (a <c>models:/m-…</c> source).</summary>
    public string? ModelId { get; init; }
    public string Status { get; init; } = "READY";
    public IReadOnlyList<ModelVersionTag> Tags { get; init; } = [];
    public IReadOnlyList<string> Aliases { get; init; } = [];
}

public sealed record CreateRegisteredModelRequest(string? Name = null, IReadOnlyList<RegisteredModelTag>? Tags = null, string? Description = null);

public sealed record RegisteredModelResponse(RegisteredModel RegisteredModel);

public sealed record RegisteredModelNameRequest(string? Name = null);

public sealed record RenameRegisteredModelRequest(string? Name = null, string? NewName = null);

public sealed record UpdateRegisteredModelRequest(string? Name = null, string? Description = null);

public sealed record SearchRegisteredModelsResponse
{
    public IReadOnlyList<RegisteredModel> RegisteredModels { get; init; } = [];
    public string? NextPageToken { get; init; }
}

public sealed record SetRegisteredModelAliasRequest(string? Name = null, string? Alias = null, string? Version = null);

public sealed record DeleteRegisteredModelAliasRequest(string? Name = null, string? Alias = null);

public sealed record SetRegisteredModelTagRequest(string? Name = null, string? Key = null, string? Value = null);

public sealed record DeleteRegisteredModelTagRequest(string? Name = null, string? Key = null);

/// <summary>MLflow's GetLatestVersions: the newest version in each of <see cref="Stages"/>, or in every stage.</summary>
public sealed record GetLatestVersionsRequest(string? Name = null, IReadOnlyList<string>? Stages = null);

public sealed record GetLatestVersionsResponse
{
    public IReadOnlyList<ModelVersion> ModelVersions { get; init; } = [];
}

public sealed record CreateModelVersionRequest(string? Name = null, string? Source = null, string? RunId = null, IReadOnlyList<ModelVersionTag>? Tags = null, string? Description = null,
    string? ModelId = null);

public sealed record ModelVersionResponse(ModelVersion ModelVersion);

public sealed record ModelVersionRequest(string? Name = null, string? Version = null);

public sealed record UpdateModelVersionRequest(string? Name = null, string? Version = null, string? Description = null);

public sealed record TransitionStageRequest(string? Name = null, string? Version = null, string? Stage = null, bool? ArchiveExistingVersions = null);

public sealed record SetModelVersionTagRequest(string? Name = null, string? Version = null, string? Key = null, string? Value = null);

public sealed record DeleteModelVersionTagRequest(string? Name = null, string? Version = null, string? Key = null);

public sealed record SearchModelVersionsResponse
{
    public IReadOnlyList<ModelVersion> ModelVersions { get; init; } = [];
    public string? NextPageToken { get; init; }
}

public sealed record DownloadUriResponse(string ArtifactUri);
