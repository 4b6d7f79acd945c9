using Aevlp.Tracking.Client.Protocol;

namespace Aevlp.Tracking.Storage;

/// <summary>A row of the runs table, as <see cref="Columns"/> selects it. <paramref name="DataVersion"/> changes with anything
/// the run's answer holds (migration 005).</summary>
public sealed record RunRow(
    string RunUuid, long ExperimentId, string RunName, string? UserId, string Status, long StartTime, long? EndTime,
    string LifecycleStage, string ArtifactUri, long DataVersion)
{
    public const string Columns =
        "r.run_uuid AS RunUuid, r.experiment_id AS ExperimentId, r.run_name AS RunName, r.user_id AS UserId, r.status AS Status, " +
        "r.start_time AS StartTime, r.end_time AS EndTime, r.lifecycle_stage AS LifecycleStage, r.artifact_uri AS ArtifactUri, " +
        "r.data_version AS DataVersion";

    public RunInfo ToInfo() => new()
    {
        RunId = RunUuid,
        RunUuid = RunUuid,
        RunName = RunName,
        ExperimentId = ExperimentId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        UserId = UserId,
        Status = Status,
        StartTime = StartTime,
        EndTime = EndTime,
        ArtifactUri = ArtifactUri,
        LifecycleStage = LifecycleStage,
    };
}

/// <summary>A key-value row of params, tags or latest metrics belonging to a run.</summary>
internal sealed record RunKeyValue(string RunUuid, string Key, string Value);

internal sealed record RunMetricRow(string RunUuid, string Key, double Value, long Timestamp, long Step);
