using Aevlp.Registry.Api;
using Aevlp.Contracts;
using Aevlp.Registry.Models;
using Aevlp.Registry.Storage;
using MassTransit;

namespace Aevlp.Registry.Pipeline;

/// <summary>A user's cancel. A run no worker has reported holding is KILLED at once; otherwise it is
/// CANCELLING and RunCancellationRequested tells whichever worker holds it to stop (StageCancelled then
/// ends it). Cancelling a sweep cancels its children; the parent ends when they have.</summary>
public sealed class RunCancellation(RunStore store, RunTransitions transitions, RunCompletion completion, IPublishEndpoint publisher,
    ILogger<RunCancellation> logger)
{
    public async Task<CancelOutcome> CancelAsync(Guid runId, CancellationToken ct)
    {
        if (await store.GetAsync(runId, ct) is null) return CancelOutcome.NotFound;
        var run = await transitions.CancelAsync(runId, ct);
        if (run is null) return CancelOutcome.AlreadyEnded;
        logger.LogInformation("Run {RunId} cancelled by request: {Status}", runId, run.Status);
        await publisher.Publish(new RunCancellationRequested(runId), ct);
        if (run.IsSweep)
        {
            await CancelChildrenAsync(run, ct);
        }
        else if (run.Status == RunStatus.Killed)
        {
            await completion.OnEndedAsync(run, ct);
        }
        return CancelOutcome.Accepted;
    }

    private async Task CancelChildrenAsync(RunRecord parent, CancellationToken ct)
    {
        foreach (var child in await store.ChildrenAsync(parent.Id, ct))
        {
            await CancelAsync(child.Id, ct);
        }
        if (await transitions.EndSweepAsync(parent.Id, ct) is { } ended)
        {
            await completion.OnEndedAsync(ended, ct);
        }
    }
}
