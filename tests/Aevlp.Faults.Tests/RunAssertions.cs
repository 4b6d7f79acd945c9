using Aevlp.Registry.Api;
using Aevlp.Storage;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Aevlp.Faults.Tests;

/// <summary>What "nothing lost, nothing done twice" means for one run.</summary>
internal static class RunAssertions
{
    public static async Task FinishedOnceAsync(FaultsPlatform platform, RunDetails run, int epochs)
    {
        Assert.True(run.Run.Status == RunStatus.Finished, $"run ended {run.Run.Status}: {run.Error?.Stage} {run.Error?.Reason}");
        Assert.NotNull(run.TestMetrics);
        // Every epoch once; early stopping (spec §2) may end the run before its last epoch. The history is in order
        // of arrival, and a summary retried across a broker restart arrives after later ones.
        var trained = FaultsPlatform.EpochHistory(run).Select(e => e.Epoch).Order().ToList();
        Assert.InRange(trained.Count, 1, epochs);
        Assert.Equal(Enumerable.Range(1, trained.Count), trained);
        Assert.Single(run.Stages, s => s.Stage == "Training");
        Assert.Single(await platform.Registry.VersionsAsync(FaultsPlatform.DemoDataset), v => v.RunId == run.Run.Id);
        await TrackedAsync(platform, run, trained.Count);
        await NoEmptyBlobsAsync(platform, run.Run.Id);
        await NoCheckpointsLeftAsync(platform, run.Run.Id);
    }

    /// <summary>A trained run's checkpoints are deleted: nothing resumes it, and each is the size of the model
    /// with its optimiser state.</summary>
    public static async Task NoCheckpointsLeftAsync(FaultsPlatform platform, Guid runId)
    {
        var container = platform.Blobs.Blob(BlobLayout.Run(runId, "x")).GetParentBlobContainerClient();
        var left = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, BlobLayout.Run(runId, "checkpoints/").Name, CancellationToken.None))
        {
            left.Add(blob.Name);
        }
        Assert.Empty(left);
    }

    /// <summary>Each epoch's val mAP in the tracker, once each except at most <paramref name="redone"/> epochs trained
    /// again after a crash (a duplicated epoch logs its step twice).</summary>
    public static async Task TrackedAsync(FaultsPlatform platform, RunDetails run, int epochs, int redone = 0)
    {
        // The registry tells the tracker of a run's end after recording it, and a trial's after its search has moved on
        // (RunCompletion), so the tracker may say RUNNING a moment after the registry says FINISHED.
        var tracked = await platform.Tracker.GetRunAsync(run.Links.TrackingRunId!);
        for (var deadline = DateTime.UtcNow.AddSeconds(30); tracked.Info.Status == "RUNNING" && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(200);
            tracked = await platform.Tracker.GetRunAsync(run.Links.TrackingRunId!);
        }
        Assert.Equal("FINISHED", tracked.Info.Status);
        var steps = (await platform.Tracker.GetMetricHistoryAsync(tracked.Info.RunId, "val_map")).Select(m => m.Step).ToList();
        Assert.Equal(Enumerable.Range(1, epochs).Select(e => (long)e), steps.Distinct().Order());
        Assert.InRange(steps.Count - epochs, 0, redone);
    }

    /// <summary>Uploads are single commits (one Put Blob or one Put Block List), so an interrupted one leaves
    /// the previous blob or none, never part of one; an empty blob other than a lease marker would be a bug.</summary>
    public static async Task NoEmptyBlobsAsync(FaultsPlatform platform, Guid runId)
    {
        var container = platform.Blobs.Blob(BlobLayout.Run(runId, "x")).GetParentBlobContainerClient();
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, BlobLayout.Run(runId, "").Name, CancellationToken.None))
        {
            if (!blob.Name.EndsWith(".lease", StringComparison.Ordinal)) Assert.True(blob.Properties.ContentLength > 0, $"{blob.Name} is empty");
        }
    }
}
