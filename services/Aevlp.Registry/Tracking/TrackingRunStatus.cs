namespace Aevlp.Registry.Tracking;

/// <summary>MLflow's run statuses that the registry sets.</summary>
public enum TrackingRunStatus
{
    Running,
    Finished,
    Failed,
    Killed,
}
