using System.Net;
using System.Text.Json;
using Aevlp.Tracking.Client;
using Aevlp.Tracking.Client.Protocol;

namespace Aevlp.Tracking.Tests;

/// <summary>runs/get and runs/search answer from a cache of assembled runs (RunCache), keyed by a version PostgreSQL changes
/// with every write. Whatever a run's answer holds, each kind of write shows in both at once, however often the run was read
/// just before it.</summary>
[Collection(TrackingCollection.Name)]
public sealed class RunCacheTests(TrackingFixture tracker)
{
    private MlflowClient Client => tracker.Client;

    [Fact]
    public async Task Every_kind_of_write_shows_at_once_in_runs_get_and_runs_search_of_a_run_read_before()
    {
        var experiment = await tracker.NewExperimentAsync("run-cache");
        var run = (await Client.CreateRunAsync(experiment, "cached")).Info.RunId;
        var model = await Client.CreateLoggedModelAsync(new CreateLoggedModelRequest(experiment, "net", SourceRunId: run));
        var writes = new (string Write, Func<Task> Act, Func<Run, bool> Shows)[]
        {
            ("log-param", () => Client.LogParamAsync(run, "lr", "0.001"), r => r.Data.Params.Contains(new Param("lr", "0.001"))),
            ("set-tag", () => Client.SetTagAsync(run, "phase", "one"), r => r.Data.Tags.Contains(new RunTag("phase", "one"))),
            ("set-tag again", () => Client.SetTagAsync(run, "phase", "two"), r => r.Data.Tags.Contains(new RunTag("phase", "two"))),
            ("log-metric", () => Client.LogMetricAsync(run, "loss", 0.9, step: 1), r => r.Data.Metrics.Single(m => m.Key == "loss").Value == 0.9),
            ("log-batch, a later step", () => Client.LogBatchAsync(run, metrics: [new Metric("loss", 0.5, 10, 2)]),
                r => r.Data.Metrics.Single(m => m.Key == "loss").Value == 0.5),
            ("delete-tag", () => tracker.MlflowAsync(HttpMethod.Post, "runs/delete-tag", JsonSerializer.Serialize(new { run_id = run, key = "phase" }), HttpStatusCode.OK),
                r => r.Data.Tags.All(t => t.Key != "phase")),
            ("log-inputs", () => Client.LogInputsAsync(run, [new DatasetInput(new Dataset("mosaic", "d1", "local", "{}"), [])]),
                r => r.Inputs!.DatasetInputs.Any(d => d.Dataset!.Digest == "d1")),
            ("outputs", () => Client.LogOutputsAsync(run, [new ModelOutput(model.Info.ModelId, 3)]),
                r => r.Outputs!.ModelOutputs.Contains(new ModelOutput(model.Info.ModelId, 3))),
            ("update", async () => await Client.UpdateRunAsync(run, runName: "renamed"), r => r.Info.RunName == "renamed"),
            ("end", async () => await Client.EndRunAsync(run), r => r.Info.Status == RunStatus.Finished && r.Info.EndTime is not null),
            ("delete-run", () => Client.DeleteRunAsync(run), r => r.Info.LifecycleStage == LifecycleStage.Deleted),
            ("restore-run", () => Client.RestoreRunAsync(run), r => r.Info.LifecycleStage == LifecycleStage.Active),
        };

        foreach (var (write, act, shows) in writes)
        {
            await ReadTwiceAsync(experiment, run);
            await act();
            var read = await ReadTwiceAsync(experiment, run);
            Assert.True(shows(read), $"runs/get and runs/search after {write}: {JsonSerializer.Serialize(read)}");
        }
    }

    /// <summary>Reads the run by runs/get and runs/search, twice each, so the second read of each may come from the cache;
    /// returns the second read, which must agree with the first.</summary>
    private async Task<Run> ReadTwiceAsync(string experiment, string run)
    {
        var first = await ReadAsync(experiment, run);
        var second = await ReadAsync(experiment, run);
        Assert.Equal(JsonSerializer.Serialize(first), JsonSerializer.Serialize(second));
        return second;
    }

    /// <summary>The run by runs/get, which runs/search must answer the same.</summary>
    private async Task<Run> ReadAsync(string experiment, string run)
    {
        var got = await Client.GetRunAsync(run);
        var searched = Assert.Single((await Client.SearchRunsAsync(new SearchRunsRequest([experiment], RunViewType: ViewType.All))).Runs);
        Assert.Equal(JsonSerializer.Serialize(got), JsonSerializer.Serialize(searched));
        return got;
    }
}
