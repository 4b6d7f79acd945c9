using System.Net;
using System.Net.Http.Json;
using Aevlp.Contracts;
using Aevlp.Registry.Api;
using Aevlp.Registry.Models;
using Aevlp.Registry.Tests.Support;

namespace Aevlp.Registry.Tests;

/// <summary>Cancel: KILLED at once when no worker holds the run, CANCELLING until the worker confirms otherwise.</summary>
[Collection(RegistryCollection.Name)]
public sealed class CancelTests(RegistryFixture fixture)
{
    private readonly RegistryClient registry = new(fixture);
    private readonly Workers workers = new(fixture);

    [Fact]
    public async Task A_run_no_worker_has_taken_is_killed_at_once()
    {
        var runId = await registry.StartRunAsync(new { dataset = await registry.NewDatasetAsync() });

        var cancelled = await CancelAsync(runId);

        Assert.Equal(RunStatus.Killed, cancelled.Status);
        await fixture.Messages.WaitForAsync<RunCancellationRequested>(c => c.RunId == runId);
    }

    [Fact]
    public async Task A_run_a_worker_holds_is_cancelling_until_the_worker_stops()
    {
        var runId = await registry.StartRunAsync(new { dataset = await registry.NewDatasetAsync() });
        await workers.PseudoLabelsCommandAsync(runId);
        await workers.PublishAsync(new StageProgressed(runId, Stage.PseudoLabels, 1, Workers.Name, 1, 10, "images"));
        await registry.WaitForRunAsync(runId, run => run.Worker == Workers.Name);

        var cancelled = await CancelAsync(runId);
        await fixture.Messages.WaitForAsync<RunCancellationRequested>(c => c.RunId == runId);
        await workers.PublishAsync(new StageCancelled(runId, Stage.PseudoLabels, 1));

        Assert.Equal(RunStatus.Cancelling, cancelled.Status);
        var killed = await registry.WaitForRunAsync(runId, run => run.Run.Status == RunStatus.Killed);
        Assert.Equal("killed", killed.Stages.Single().Outcome);
    }

    [Fact]
    public async Task A_worker_that_takes_a_run_after_it_was_killed_is_told_to_stop_at_its_first_report()
    {
        var runId = await registry.StartRunAsync(new { dataset = await registry.NewDatasetAsync() });
        await workers.PseudoLabelsCommandAsync(runId);
        Assert.Equal(RunStatus.Killed, (await CancelAsync(runId)).Status);
        await fixture.Messages.WaitForAsync<RunCancellationRequested>(c => c.RunId == runId);

        // The command was still queued: a worker takes it now and reports.
        await workers.PublishAsync(new StageProgressed(runId, Stage.PseudoLabels, 1, Workers.Name, 1, 10, "images"));

        await fixture.Messages.WaitForAsync<RunCancellationRequested>(c => c.RunId == runId && fixture.Messages.All<RunCancellationRequested>(again => again.RunId == runId).Count == 2);
        Assert.Equal(RunStatus.Killed, (await registry.GetRunAsync(runId)).Run.Status);
    }

    [Fact]
    public async Task An_ended_run_cannot_be_cancelled()
    {
        var runId = await registry.StartRunAsync(new { dataset = await registry.NewDatasetAsync() });
        await workers.PseudoLabelsCommandAsync(runId);
        await workers.PublishAsync(new RunFailed(runId, Stage.PseudoLabels, 1, "broken"));
        await registry.WaitForRunAsync(runId, run => run.Run.Status == RunStatus.Failed);

        var response = await fixture.Http.PostAsync($"/api/runs/{runId}/cancel", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("is FAILED", await response.Content.ReadAsStringAsync());
    }

    private async Task<RunCancelled> CancelAsync(Guid runId)
    {
        var response = await fixture.Http.PostAsync($"/api/runs/{runId}/cancel", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<RunCancelled>())!;
    }
}
