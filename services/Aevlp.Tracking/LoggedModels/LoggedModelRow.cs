using System.Globalization;
using Aevlp.Tracking.Client.Protocol;

namespace Aevlp.Tracking.LoggedModels;

/// <summary>A row of logged_models, as <see cref="Columns"/> selects it from <c>logged_models m</c>.</summary>
public sealed record LoggedModelRow(string ModelId, long ExperimentId, string Name, string ArtifactLocation, long CreationTimestampMs,
    long LastUpdatedTimestampMs, int Status, string LifecycleStage, string? ModelType, string? SourceRunId)
{
    public const string Columns = "m.model_id AS ModelId, m.experiment_id AS ExperimentId, m.name AS Name, " +
        "m.artifact_location AS ArtifactLocation, m.creation_timestamp_ms AS CreationTimestampMs, " +
        "m.last_updated_timestamp_ms AS LastUpdatedTimestampMs, m.status AS Status, m.lifecycle_stage AS LifecycleStage, " +
        "m.model_type AS ModelType, m.source_run_id AS SourceRunId";

    public LoggedModelInfo ToInfo(IReadOnlyList<LoggedModelTag> tags) => new()
    {
        ModelId = ModelId,
        ExperimentId = ExperimentId.ToString(CultureInfo.InvariantCulture),
        Name = Name,
        ArtifactUri = ArtifactLocation,
        CreationTimestampMs = CreationTimestampMs,
        LastUpdatedTimestampMs = LastUpdatedTimestampMs,
        Status = LoggedModelStatus.Codes[Status],
        ModelType = ModelType,
        SourceRunId = SourceRunId,
        Tags = tags,
    };
}
