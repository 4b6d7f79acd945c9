using System.Text.Json.Nodes;
using Aevlp.Registry.Models;
using Aevlp.Registry.Pipeline;
using Aevlp.Registry.Tracking;
using Aevlp.Storage;

namespace Aevlp.Registry.Api;

/// <summary>Stored records to what the API shows.</summary>
public static class ApiMappings
{
    public static RunSummary ToSummary(this RunRecord run) => new(run.Id, run.Name, run.Dataset, run.DatasetVersion, run.Status, run.Stage,
        run.Attempt, run.ParentId, run.IsSweep, run.CreatedAt, run.FinishedAt);

    public static RunDetails ToDetails(this RunRecord run, IReadOnlyList<RunStageRecord> stages, IReadOnlyList<RunEventRecord> events,
        IReadOnlyList<RunRecord> children, TrackerLinks tracker, SearchResults? search) => new(
        run.ToSummary(), run.Worker, run.HeartbeatAt, Parse(run.Progress), Parse(run.TestMetrics),
        run.Error is null ? null : new RunError(run.FailedStage, run.Error), Parse(run.Config)!, Parse(run.Notes)!, Parse(run.Assets)!,
        [.. stages.Select(s => new StageAttempt(s.Stage, s.Attempt, s.StartedAt, s.EndedAt, s.Outcome, s.ComputeSeconds, s.ReceivedAt, s.Worker))],
        [.. events.Select(e => new RunEvent(e.At, e.Kind, e.Stage, e.Attempt, Parse(e.Detail)))],
        [.. children.Select(ToSummary)],
        new RunLinks(run.TrackingRunId, $"{BlobLayout.Runs}/{BlobLayout.RunFolder(run.Id)}/",
            run.PseudoLabelKey is null ? null : $"{BlobLayout.PseudoLabels}/{run.PseudoLabelKey}/",
            run.ModelBlob, run.ModelCardBlob, run.PredictionsBlob, RunTrace.TraceId(run.TraceParent), tracker.RunUrl(run.TrackingRunId)),
        Parse(run.Pruned), search);

    public static ModelSummary ToSummary(this ModelRecord model) =>
        new(model.Name, model.Versions, model.ChampionVersion, model.ChampionTestMap, model.CreatedAt);

    public static ModelVersion ToView(this ModelVersionRecord version) => new(version.ModelName, version.Version, version.RunId,
        version.TestMap, Parse(version.Metrics)!, version.ModelBlob, version.TrackingVersion, version.IsChampion, version.CreatedAt);

    private static JsonNode? Parse(string? json) => json is null ? null : JsonNode.Parse(json);
}
