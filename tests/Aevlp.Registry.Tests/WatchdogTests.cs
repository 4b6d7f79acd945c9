using Aevlp.Registry.Api;
using Aevlp.Contracts;
using Aevlp.Registry.Models;
using Aevlp.Registry.Tests.Support;

namespace Aevlp.Registry.Tests;

/// <summary>A stage whose worker goes silent is dispatched again with the next attempt, and the run fails
/// after the last one (the fixture sets a 15 s timeout and two attempts).</summary>
[Collection(RegistryCollection.Name)]
public sealed class WatchdogTests(RegistryFixture fixture)
{
    private static readonly TimeSpan BeyondTimeout = RegistryFixture.StageTimeout * 3;
    private readonly RegistryClient registry = new(fixture);
    private readonly Workers workers = new(fixture);

    [Fact]
    public async Task A_silent_stage_is_dispatched_again_with_the_next_attempt_and_fails_after_the_last()
    {
        var dataset = await registry.NewDatasetAsync();
        var runId = await registry.StartRunAsync(new { dataset });
        await workers.PseudoLabelsCommandAsync(runId);

        await fixture.Messages.WaitForAsync<GeneratePseudoLabels>(c => c.RunId == runId && c.Attempt == 2, BeyondTimeout);
        await workers.PublishAsync(Workers.PseudoLabelsReady(runId, attempt: 1));
        await workers.PublishAsync(Workers.PseudoLabelsReady(runId, attempt: 2));
        await workers.TrainCommandAsync(runId);
        await fixture.Messages.WaitForAsync<TrainModel>(c => c.RunId == runId && c.Attempt == 2, BeyondTimeout);

        var failed = await registry.WaitForRunAsync(runId, run => run.Run.Status == RunStatus.Failed, BeyondTimeout);
        Assert.Equal("Training", failed.Error!.Stage);
        Assert.StartsWith("Training: no word from a worker for 00:00:15 in each of 2 attempts", failed.Error.Reason);
        Assert.Equal(["timed out", "completed"], failed.Stages.Where(s => s.Stage == "PseudoLabels").Select(s => s.Outcome));
        Assert.Equal(["timed out", "failed"], failed.Stages.Where(s => s.Stage == "Training").Select(s => s.Outcome));
    }
}
