using Aevlp.Registry.Api;
using Aevlp.Contracts;
using Aevlp.Registry.Models;
using Aevlp.Registry.Tests.Support;

namespace Aevlp.Registry.Tests;

/// <summary>A stage whose worker received its command and went silent is dispatched again with the next attempt, and the run
/// fails after the last one (the fixture sets a 15 s timeout and two attempts). A command no worker has received waits in
/// its queue as long as it takes. The simulated workers announce what a real one does (StageReceived), then nothing.</summary>
[Collection(RegistryCollection.Name)]
public sealed class WatchdogTests(RegistryFixture fixture)
{
    private static readonly TimeSpan BeyondTimeout = RegistryFixture.StageTimeout * 3;
    private readonly RegistryClient registry = new(fixture);
    private readonly Workers workers = new(fixture);

    [Fact]
    public async Task A_queued_command_waits_a_silent_one_is_dispatched_again_keeping_one_record_per_epoch_and_fails_after_the_last()
    {
        var dataset = await registry.NewDatasetAsync();
        var runId = await registry.StartRunAsync(new { dataset });
        await workers.PseudoLabelsCommandAsync(runId);

        // RabbitMQ confirmed it and no worker said it received it: queued behind other runs, or waiting for a worker to start.
        await Task.Delay(RegistryFixture.StageTimeout * 2);
        var queued = await registry.GetRunAsync(runId);
        Assert.Equal((RunStatus.Running, "PseudoLabels", 1), (queued.Run.Status, queued.Run.Stage, queued.Run.Attempt));
        Assert.Empty(fixture.Messages.All<GeneratePseudoLabels>(c => c.RunId == runId && c.Attempt == 2));
        Assert.Null(Assert.Single(queued.Stages).ReceivedAt);

        await workers.ReceivedAsync(runId, Stage.PseudoLabels, attempt: 1);
        await registry.WaitForRunAsync(runId, run => run.Worker == "silent-worker");
        await fixture.Messages.WaitForAsync<GeneratePseudoLabels>(c => c.RunId == runId && c.Attempt == 2, BeyondTimeout);
        await workers.PublishAsync(Workers.PseudoLabelsReady(runId, attempt: 1));
        await workers.PublishAsync(Workers.PseudoLabelsReady(runId, attempt: 2));
        await workers.TrainCommandAsync(runId);
        await workers.ReceivedAsync(runId, Stage.Training, attempt: 1);
        await workers.PublishAsync(Epoch(runId, attempt: 1, valMap: 10));
        await fixture.Messages.WaitForAsync<TrainModel>(c => c.RunId == runId && c.Attempt == 2, BeyondTimeout);
        await workers.ReceivedAsync(runId, Stage.Training, attempt: 2);
        // Attempt 1's trainer died before storing epoch 1's checkpoint: attempt 2 trains epoch 1 again. Its record replaces the
        // first; a late copy of the first changes nothing.
        await workers.PublishAsync(Epoch(runId, attempt: 2, valMap: 20));
        await workers.PublishAsync(Epoch(runId, attempt: 2, valMap: 20));
        await workers.PublishAsync(Epoch(runId, attempt: 1, valMap: 10));

        var failed = await registry.WaitForRunAsync(runId, run => run.Run.Status == RunStatus.Failed, BeyondTimeout);
        Assert.Equal("Training", failed.Error!.Stage);
        Assert.StartsWith("Training: no word from a worker for 00:00:15 in each of 2 attempts", failed.Error.Reason);
        Assert.Equal(["timed out", "completed"], failed.Stages.Where(s => s.Stage == "PseudoLabels").Select(s => s.Outcome));
        Assert.Equal(["timed out", "failed"], failed.Stages.Where(s => s.Stage == "Training").Select(s => s.Outcome));
        // Who took each attempt, and when: the first command waited in its queue for two timeouts; attempt 2's was never taken.
        Assert.Equal([("PseudoLabels", 1, "silent-worker"), ("PseudoLabels", 2, null), ("Training", 1, "silent-worker"), ("Training", 2, "silent-worker")],
            failed.Stages.Select(s => (s.Stage, s.Attempt, s.Worker)));
        Assert.InRange(failed.Stages[0].ReceivedAt!.Value - failed.Stages[0].StartedAt, RegistryFixture.StageTimeout * 2, BeyondTimeout);
        var epoch = Assert.Single(failed.Events, e => e.Kind == "EpochEnded");
        Assert.Equal((2, 20.0), (epoch.Attempt, epoch.Detail!["valMap"]!.GetValue<double>()));
    }

    private static EpochEnded Epoch(Guid runId, int attempt, double valMap) =>
        new(runId, attempt, Workers.Name, Epoch: 1, Epochs: 3, new EpochSummary(0.5, valMap, null, null, null, 1));
}
