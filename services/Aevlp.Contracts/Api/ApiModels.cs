using System.Text.Json.Nodes;

// The registry's HTTP API shapes. They live here, beside the messages, so the CLI reads exactly what the
// registry writes without referencing the registry; the namespace stays the registry's API namespace.
namespace Aevlp.Registry.Api;

public sealed record PaginatedItems<T>(int PageIndex, int PageSize, long Count, IReadOnlyList<T> Data);

public sealed record RunCreated(Guid RunId, bool Created);

public sealed record RunCancelled(Guid RunId, RunStatus Status);

public sealed record RunSummary(Guid Id, string? Name, string Dataset, string DatasetVersion, RunStatus Status, string? Stage, int Attempt,
    Guid? ParentId, bool IsSweep, DateTime CreatedAt, DateTime? FinishedAt);

/// <summary>A run in full. <see cref="Progress"/> holds each stage's latest report, e.g.
/// <c>{"Training": {"epoch": 3, "epochs": 8, "batch": 40, "batches": 120, "loss": 0.21, "lastEpoch": {"valMap": 71.2, "pseudoLabelF1": 64.0, …}}}</c>.</summary>
/// <param name="Assets">The imported teacher and weights the run uses, each by name and SHA-256:
/// <c>{"teacher": {"name": …, "sha256": …}, "weights": {…}}</c> (null where the run uses none).</param>
/// <param name="Pruned">For a trial its search stopped: <c>{"rung": 0, "epoch": 1, "value": …, "cutoff": …, "trials": 3, "reason": "…"}</c>.</param>
/// <param name="Search">For a sweep or search parent: its trials ranked by their metric, and its winner.</param>
public sealed record RunDetails(RunSummary Run, string? Worker, DateTime LastHeartbeatAt, JsonNode? Progress, JsonNode? TestMetrics,
    RunError? Error, JsonNode Config, JsonNode Notes, JsonNode Assets, IReadOnlyList<StageAttempt> Stages, IReadOnlyList<RunEvent> Events,
    IReadOnlyList<RunSummary> Children, RunLinks Links, JsonNode? Pruned = null, SearchResults? Search = null);

/// <summary>A sweep's or search's leaderboard: trials best first by <see cref="Metric"/> (the best value of each trial's epochs
/// so far; trials with no epoch yet last, in trial order).</summary>
/// <param name="Settings">The search as the registry runs it (every default filled in); null for a grid sweep.</param>
public sealed record SearchResults(JsonNode? Settings, string Metric, string Mode, Guid? BestTrialId, double? BestMetric,
    IReadOnlyList<TrialResult> Trials);

/// <param name="Values">The trial's values of the searched (or swept) keys.</param>
/// <param name="Epochs">Epochs the trial has reported.</param>
public sealed record TrialResult(Guid Id, int? Index, RunStatus Status, JsonNode Values, double? Metric, int Epochs, JsonNode? Pruned);

public sealed record RunError(string? Stage, string? Reason);

/// <param name="ComputeSeconds">The worker's own measure of the attempt; the rest of StartedAt..EndedAt is queueing
/// and messaging.</param>
/// <param name="ReceivedAt">When a worker first took the attempt's command: ReceivedAt - StartedAt is its time in the queue.
/// Null while it waits there.</param>
/// <param name="Worker">The worker that took the command (the last one, if RabbitMQ delivered it again).</param>
public sealed record StageAttempt(string Stage, int Attempt, DateTime StartedAt, DateTime? EndedAt, string? Outcome, double? ComputeSeconds,
    DateTime? ReceivedAt, string? Worker);

public sealed record RunEvent(DateTime At, string Kind, string? Stage, int? Attempt, JsonNode? Detail);

/// <summary>Where to look further: the tracker's run, and the run's blobs (container-relative names).</summary>
/// <param name="TraceId">The run's trace (W3C trace id): on the Aspire dashboard's Traces page, the run from its request to
/// ModelRegistered across every service.</param>
/// <param name="TrackerRunUrl">The tracker's web page of the run, at the tracker's URL as the registry reaches it (e.g.
/// http://localhost:5000/runs/{trackingRunId}); null until the run has a tracking run.</param>
public sealed record RunLinks(string? TrackingRunId, string Artifacts, string? PseudoLabels, string? Model, string? ModelCard, string? Predictions,
    string? TraceId, string? TrackerRunUrl);

public sealed record ModelSummary(string Name, int Versions, int? ChampionVersion, double? ChampionTestMap, DateTime CreatedAt);

public sealed record ModelVersion(string ModelName, int Version, Guid RunId, double TestMap, JsonNode Metrics, string ModelBlob,
    string? TrackingVersion, bool IsChampion, DateTime CreatedAt);

/// <summary>A dataset and its versions, oldest first. A version is <see cref="DatasetVersionInfo.Complete"/> when its
/// manifest is stored (the last file an import writes); an incomplete one is an import in progress or interrupted.</summary>
public sealed record DatasetSummary(string Name, IReadOnlyList<DatasetVersionInfo> Versions);

public sealed record DatasetVersionInfo(string Version, bool Complete, int? Classes, JsonNode? Counts);

/// <summary>A stored file of a dataset version: its path inside the version, size, and SHA-256 (lower-case hex; null for
/// files written by something other than the registry's upload).</summary>
public sealed record DatasetFile(string Path, long Size, string? Sha256);

/// <summary>Imported pretrained weights (<c>weights/{name}/weights.json</c>): a torchvision state dict checked against its
/// architecture's layout. <see cref="File"/> is the state dict's name in the folder.</summary>
public sealed record WeightsSummary(string Name, string Arch, Aevlp.Contracts.WeightsFormat Format, string File, string Sha256, long Size,
    int Tensors, DateTimeOffset ImportedAt, string? Source);

/// <summary>An imported teacher: what teacher.json says of it, and its files. <see cref="Sha256"/> hashes every file (names
/// included), so two teachers with the same hash score alike; the pseudo-label cache keys on it too. It is null when a file was
/// stored without its hash (written to blob storage directly, not imported).</summary>
public sealed record TeacherSummary(string Name, IReadOnlyList<string> Classes, int EmbeddingDim, int InputSize, bool LabelRelation, string? Sha256,
    IReadOnlyList<DatasetFile> Files, DateTimeOffset? ImportedAt);
