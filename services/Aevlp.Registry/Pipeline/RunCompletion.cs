using Aevlp.Registry.Api;
using Aevlp.Registry.Models;
using Aevlp.Registry.Search;
using Aevlp.Registry.Storage;
using Aevlp.Registry.Tracking;

namespace Aevlp.Registry.Pipeline;

/// <summary>What follows a run's end (FINISHED, FAILED, KILLED or PRUNED): its tracking run's status, the failure
/// counter, and its sweep or search: the next waiting trial starts, and the parent ends (naming its best trial) once
/// its last child has.</summary>
public sealed class RunCompletion(RunTransitions transitions, SearchScheduler searches, IExperimentTracker tracker, RegistryTelemetry telemetry,
    ILogger<RunCompletion> logger)
{
    public async Task OnEndedAsync(RunRecord run, CancellationToken ct)
    {
        logger.LogInformation("Run {RunId} ended {Status} {Error}", run.Id, run.Status, run.Error);
        if (run.Status == RunStatus.Failed) telemetry.RunFailed(run.FailedStage);
        if (run.IsSweep) await searches.OnEndedAsync(run, ct);
        // The search moves on before the tracker hears of the end: a tracker that fails here fails this message, and its
        // retry finds the run already ended. (The watchdog also resumes a search left with no trial in progress.)
        if (run.ParentId is { } parentId)
        {
            await searches.OnTrialEndedAsync(parentId, ct);
            if (await transitions.EndSweepAsync(parentId, ct) is { } parent) await OnEndedAsync(parent, ct);
        }
        if (run.TrackingRunId is not null)
        {
            await tracker.SetRunStatusAsync(run.TrackingRunId, TrackingStatus(run.Status), ct);
        }
    }

    private static TrackingRunStatus TrackingStatus(RunStatus status) => status switch
    {
        RunStatus.Finished => TrackingRunStatus.Finished,
        RunStatus.Failed => TrackingRunStatus.Failed,
        // MLflow has no pruned status; the trial's aevlp.pruned tag says why it stopped.
        RunStatus.Killed or RunStatus.Pruned => TrackingRunStatus.Killed,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "not an end status"),
    };
}
