using Aevlp.Registry.Api;
using System.Diagnostics;
using System.Globalization;
using Aevlp.Storage;

namespace Aevlp.Faults.Tests;

/// <summary>Trainer replicas die, compete and are cancelled; every run still trains exactly once.</summary>
[Collection(FaultsCollection.Name)]
public sealed class TrainerFaultTests(FaultsPlatform platform)
{
    [Fact]
    public async Task A_replica_killed_mid_epoch_hands_the_run_to_the_other_which_resumes_from_the_last_checkpoint()
    {
        const int epochs = 8;
        var runId = await platform.Registry.StartRunAsync(FaultsPlatform.Run("kill", epochs));
        var training = await platform.WaitForEpochAsync(runId, 3);
        int checkpointed = await LatestCheckpointAsync(runId);

        int killed = TrainerProcess(training.Worker!);
        Process.GetProcessById(killed).Kill();

        var run = await platform.Registry.WaitUntilEndedAsync(runId, FaultsPlatform.Within);
        Assert.True(run.Run.Status == RunStatus.Finished, $"run ended {run.Run.Status}: {run.Error?.Stage} {run.Error?.Reason}");
        var history = FaultsPlatform.EpochHistory(run);
        string told = $"epochs (attempt, epoch, worker): {string.Join(" ", history)}; killed {killed} after checkpoint {checkpointed}";
        var before = history.Where(e => e.Attempt == 1).Select(e => e.Epoch).Order().ToList();
        var after = history.Where(e => e.Attempt > 1).OrderBy(e => e.Epoch).ToList();
        Assert.True(Enumerable.Range(1, before.Count).SequenceEqual(before), told);
        Assert.True(before.Count >= checkpointed, $"{before.Count} epochs before the kill, but epoch {checkpointed} was checkpointed");
        Assert.NotEmpty(after);
        Assert.All(after, e => Assert.NotEqual(killed, TrainerProcess(e.Worker)));
        // Resumed after the last checkpoint: at most the interrupted epoch is trained again.
        int resumedAt = after[0].Epoch;
        Assert.InRange(resumedAt, Math.Max(checkpointed + 1, before.Count), before.Count + 1);
        // Early stopping (spec §2) may end the run before its last epoch; the epochs it trained are contiguous.
        Assert.True(Enumerable.Range(resumedAt, after.Count).SequenceEqual(after.Select(e => e.Epoch)), told);
        Assert.InRange(after[^1].Epoch, resumedAt, epochs);
        Assert.Single(await platform.Registry.VersionsAsync(FaultsPlatform.DemoDataset), v => v.RunId == runId);
        await RunAssertions.TrackedAsync(platform, run, after[^1].Epoch, redone: 1);
        await RunAssertions.NoEmptyBlobsAsync(platform, runId);
        await RunAssertions.NoCheckpointsLeftAsync(platform, runId);
        await platform.StartStoppedTrainersAsync();
    }

    [Fact]
    public async Task A_sweep_of_four_runs_keeps_both_replicas_busy_and_trains_each_run_once()
    {
        const int epochs = 2;
        var request = new
        {
            idempotencyKey = $"sweep-{Guid.NewGuid():N}",
            dataset = FaultsPlatform.DemoDataset,
            runName = "sweep",
            config = FaultsPlatform.TinyConfig(epochs),
            sweep = new Dictionary<string, object[]> { ["lr"] = [1e-3, 3e-3], ["bsize"] = [16, 32] },
        };
        await platform.StartStoppedTrainersAsync();
        var parentId = await platform.Registry.StartRunAsync(request);

        var parent = await platform.Registry.WaitUntilEndedAsync(parentId, FaultsPlatform.Within * 2);
        Assert.Equal(RunStatus.Finished, parent.Run.Status);
        Assert.Equal(4, parent.Children.Count);
        var trainers = new HashSet<string>();
        foreach (var child in parent.Children)
        {
            var run = await platform.Registry.GetRunAsync(child.Id);
            await RunAssertions.FinishedOnceAsync(platform, run, epochs);
            trainers.Add(Assert.Single(FaultsPlatform.EpochHistory(run).Select(e => e.Worker).Distinct()));
        }
        Assert.Equal(2, trainers.Count);
    }

    [Fact]
    public async Task A_search_trial_whose_trainer_dies_resumes_elsewhere_while_the_next_trial_waits_for_its_slot()
    {
        const int epochs = 4;
        var request = new
        {
            idempotencyKey = $"search-{Guid.NewGuid():N}",
            dataset = FaultsPlatform.DemoDataset,
            runName = "search",
            config = FaultsPlatform.TinyConfig(epochs),
            search = new { method = "grid", maxConcurrent = 1, space = new { lr = new { choice = new[] { 1e-3, 3e-3 } } } },
        };
        await platform.StartStoppedTrainersAsync();
        var parentId = await platform.Registry.StartRunAsync(request);
        var trials = (await platform.Registry.GetRunAsync(parentId)).Children.Select(child => child.Id).ToList();
        var training = await platform.WaitForEpochAsync(trials[0], 2);

        Process.GetProcessById(TrainerProcess(training.Worker!)).Kill();

        // The watchdog's stage timeout passes while the second trial waits: it must still wait for the first to end.
        var first = await platform.Registry.WaitUntilEndedAsync(trials[0], FaultsPlatform.Within);
        Assert.True(first.Run.Status == RunStatus.Finished, $"trial ended {first.Run.Status}: {first.Error?.Stage} {first.Error?.Reason}");
        Assert.True(first.Stages.Count(stage => stage.Stage == "Training") >= 2, "the killed trainer's attempt was not redispatched");
        var second = await platform.Registry.GetRunAsync(trials[1]);
        Assert.True(second.Stages.All(stage => stage.StartedAt >= first.Run.FinishedAt), "the second trial started while the first still held the only slot");
        // The parent ends, then records its winner (RunCompletion): wait for both.
        var parent = await platform.Registry.WaitForRunAsync(parentId, run => run.Run.Status.IsTerminal() && run.Search?.BestTrialId is not null,
            FaultsPlatform.Within * 2);
        Assert.Equal(RunStatus.Finished, parent.Run.Status);
        Assert.Contains(parent.Search!.BestTrialId!.Value, trials);
        await platform.StartStoppedTrainersAsync();
    }

    [Fact]
    public async Task Cancel_stops_the_training_and_the_run_ends_killed()
    {
        var runId = await platform.Registry.StartRunAsync(FaultsPlatform.Run("cancel", epochs: 200));
        await platform.WaitForEpochAsync(runId, 1);

        var response = await platform.Registry.CancelRunAsync(runId);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());

        // The trainer's StageCancelled ends it: the watchdog would need StageTimeout of silence first.
        var run = await platform.Registry.WaitUntilEndedAsync(runId, FaultsPlatform.StageTimeout / 2);
        Assert.Equal(RunStatus.Killed, run.Run.Status);
        Assert.Equal("killed", run.Stages.Single(s => s.Stage == "Training").Outcome);
        // The trainer let go of the run: its lease is free.
        await using var lease = await BlobLease.TryAcquireAsync(platform.Blobs, runId, Aevlp.Contracts.Stage.Training, CancellationToken.None);
        Assert.NotNull(lease);
        Assert.DoesNotContain(await platform.Registry.VersionsAsync(FaultsPlatform.DemoDataset), v => v.RunId == runId);
    }

    // Workers name themselves "{machine}:{process id}".
    private static int TrainerProcess(string worker) => int.Parse(worker[(worker.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);

    private async Task<int> LatestCheckpointAsync(Guid runId)
    {
        var names = await platform.Blobs.ListAsync(BlobLayout.Runs, BlobLayout.Run(runId, "checkpoints/").Name, CancellationToken.None);
        return names.Select(n => int.Parse(Path.GetFileNameWithoutExtension(n)["epoch-".Length..], CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();
    }
}
