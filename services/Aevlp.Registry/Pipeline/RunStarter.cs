using Aevlp.Registry.Api;
using Aevlp.Contracts;
using Aevlp.Registry.Datasets;
using Aevlp.Registry.Models;
using Aevlp.Registry.Storage;
using Aevlp.Registry.Tracking;
using MassTransit;

namespace Aevlp.Registry.Pipeline;

/// <summary>Takes a QUEUED run to its first stage: creates its tracking run, marks it RUNNING (guarded, so
/// only one caller wins), announces RunAccepted and dispatches the first stage; a sweep's parent starts its
/// admitted children instead. Called right after a run is stored, and by the watchdog for a run whose start was cut
/// short.</summary>
public sealed class RunStarter(RunStore store, RunTransitions transitions, SearchStore searches, IExperimentTracker tracker,
    StageDispatcher dispatcher, DatasetCatalog datasets, IPublishEndpoint publisher, ILogger<RunStarter> logger)
{
    public async Task StartAsync(Guid runId, CancellationToken ct)
    {
        var run = await store.GetAsync(runId, ct);
        if (run is not { Status: RunStatus.Queued }) return;
        var parentTrackingRunId = run.ParentId is { } parentId ? (await store.GetAsync(parentId, ct))?.TrackingRunId : null;
        var trackingRunId = run.TrackingRunId ?? await tracker.CreateRunAsync(
            TrackingTags.For(run, parentTrackingRunId, await datasets.ManifestSha256Async(run.Dataset, run.DatasetVersion, ct)), ct);
        var started = await transitions.StartAsync(runId, FirstStage(run), trackingRunId, ct);
        if (started is null) return;

        logger.LogInformation("Started run {RunId} at {Stage}", runId, started.Stage ?? "sweep");
        await publisher.Publish(new RunAccepted(runId, started.IdempotencyKey, started.Dataset, started.DatasetVersion, trackingRunId, started.ParentId), ct);
        if (started.IsSweep)
        {
            // A search's trials wait unadmitted until their search runs: it admits maxConcurrent now, and SearchScheduler
            // the rest as slots free. A sweep's children are all admitted.
            if (started.SearchSpec is { } search) await searches.AdmitAsync(runId, search.MaxConcurrent, ct);
            foreach (var child in (await store.ChildrenAsync(runId, ct)).Where(child => child.Admitted))
            {
                await StartAsync(child.Id, ct);
            }
        }
        else
        {
            await dispatcher.DispatchAsync(started, ct);
        }
    }

    // A loss that trains without pseudo-labels leaves the teacher nothing to do: straight to training.
    private static Stage? FirstStage(RunRecord run) =>
        run.IsSweep ? null : run.ResolvedConfig.NeedsTeacher ? Stage.PseudoLabels : Stage.Training;
}
