using Aevlp.Registry.Api;
using Aevlp.Registry.Models;
using Aevlp.Registry.Storage;
using Aevlp.Registry.Tracking;

namespace Aevlp.Registry.Pipeline;

/// <summary>What follows a run's end (FINISHED, FAILED or KILLED): its tracking run's status, the failure
/// counter, and its sweep's parent, which ends once its last child has.</summary>
public sealed class RunCompletion(RunTransitions transitions, IExperimentTracker tracker, RegistryTelemetry telemetry,
    ILogger<RunCompletion> logger)
{
    public async Task OnEndedAsync(RunRecord run, CancellationToken ct)
    {
        logger.LogInformation("Run {RunId} ended {Status} {Error}", run.Id, run.Status, run.Error);
        if (run.Status == RunStatus.Failed) telemetry.RunFailed(run.FailedStage);
        if (run.TrackingRunId is not null)
        {
            await tracker.SetRunStatusAsync(run.TrackingRunId, TrackingStatus(run.Status), ct);
        }
        if (run.ParentId is { } parentId && await transitions.EndSweepAsync(parentId, ct) is { } parent)
        {
            await OnEndedAsync(parent, ct);
        }
    }

    private static TrackingRunStatus TrackingStatus(RunStatus status) => status switch
    {
        RunStatus.Finished => TrackingRunStatus.Finished,
        RunStatus.Failed => TrackingRunStatus.Failed,
        RunStatus.Killed => TrackingRunStatus.Killed,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "not an end status"),
    };
}
