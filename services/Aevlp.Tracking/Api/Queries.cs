using Aevlp.Tracking.Client.Protocol;

namespace Aevlp.Tracking.Api;

// The query strings of the GET routes, bound like bodies (MlflowRequest) so field errors read the same.

public sealed record ExperimentQuery(string? ExperimentId = null);

public sealed record ExperimentByNameQuery(string? ExperimentName = null);

public sealed record ListExperimentsQuery(string? ViewType = null, int? MaxResults = null);

public sealed record MetricHistoryQuery(
    string? RunId = null, string? MetricKey = null, int? MaxResults = null, string? PageToken = null, string? RunUuid = null) : IRunRequest;

public sealed record MetricHistoryBulkIntervalQuery(
    IReadOnlyList<string>? RunIds = null, string? MetricKey = null, long? StartStep = null, long? EndStep = null, int? MaxResults = null);

public sealed record ListArtifactsQuery(string? RunId = null, string? Path = null, string? PageToken = null, string? RunUuid = null) : IRunRequest;

public sealed record RegistrySearchQuery(string? Filter = null, int? MaxResults = null, IReadOnlyList<string>? OrderBy = null, string? PageToken = null);

public sealed record ArtifactDirectoryQuery(string? Path = null);
