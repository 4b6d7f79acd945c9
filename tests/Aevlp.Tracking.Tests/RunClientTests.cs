using System.Net;
using Aevlp.Tracking.Client;
using Aevlp.Tracking.Client.Protocol;

namespace Aevlp.Tracking.Tests;

[Collection(TrackingCollection.Name)]
public sealed class RunClientTests(TrackingFixture tracker)
{
    private MlflowClient Client => tracker.Client;

    [Fact]
    public async Task A_new_run_has_a_32_hex_id_given_as_run_id_and_run_uuid_and_is_running()
    {
        var experiment = await tracker.NewExperimentAsync("runs");

        var run = await Client.CreateRunAsync(experiment, "first", [new RunTag("team", "aevlp")]);

        Assert.Matches("^[0-9a-f]{32}$", run.Info.RunId);
        Assert.Equal(run.Info.RunId, run.Info.RunUuid);
        Assert.Equal((RunStatus.Running, "first", experiment), (run.Info.Status, run.Info.RunName, run.Info.ExperimentId));
        Assert.Equal($"mlflow-artifacts:/{experiment}/{run.Info.RunId}/artifacts", run.Info.ArtifactUri);
        Assert.Contains(new RunTag("team", "aevlp"), run.Data.Tags);
        Assert.Contains(new RunTag("mlflow.runName", "first"), run.Data.Tags);
    }

    [Fact]
    public async Task Logged_values_come_back_with_the_latest_metric_per_key()
    {
        var run = await NewRunAsync();

        await Client.LogParamAsync(run, "lr", "0.001");
        await Client.SetTagAsync(run, "dataset", "fashion-mosaic");
        await Client.LogMetricAsync(run, "loss", 0.9, step: 0, timestamp: 100);
        await Client.LogMetricAsync(run, "loss", 0.4, step: 2, timestamp: 50);
        await Client.LogMetricAsync(run, "loss", 0.6, step: 1, timestamp: 200);
        await Client.LogMetricAsync(run, "nan", double.NaN);
        var data = (await Client.GetRunAsync(run)).Data;

        Assert.Contains(new Param("lr", "0.001"), data.Params);
        Assert.Contains(new RunTag("dataset", "fashion-mosaic"), data.Tags);
        Assert.Equal(new Metric("loss", 0.4, 50, 2), data.Metrics.Single(m => m.Key == "loss"));
        Assert.True(double.IsNaN(data.Metrics.Single(m => m.Key == "nan").Value));
        Assert.Equal([0.9, 0.6, 0.4], (await Client.GetMetricHistoryAsync(run, "loss")).Select(m => m.Value));
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public async Task A_param_keeps_its_first_value()
    {
        var run = await NewRunAsync();
        await Client.LogParamAsync(run, "batch_size", "32");

        await Client.LogParamAsync(run, "batch_size", "32");
        var change = await Assert.ThrowsAsync<MlflowException>(() => Client.LogParamAsync(run, "batch_size", "64"));
        var inBatch = await Assert.ThrowsAsync<MlflowException>(() => Client.LogBatchAsync(run,
            metrics: [new Metric("m", 1, 1)], @params: [new Param("batch_size", "128")]));

        Assert.Equal((ErrorCodes.InvalidParameterValue, HttpStatusCode.BadRequest), (change.ErrorCode, change.StatusCode));
        Assert.Contains("batch_size", change.ServerMessage);
        Assert.Equal(ErrorCodes.InvalidParameterValue, inBatch.ErrorCode);
        var data = (await Client.GetRunAsync(run)).Data;
        Assert.Equal([new Param("batch_size", "32")], data.Params);
        Assert.DoesNotContain(data.Metrics, m => m.Key == "m");
    }

    [Fact]
    public async Task Log_batch_splits_anything_over_the_server_limits()
    {
        var run = await NewRunAsync();
        var metrics = Enumerable.Range(0, 2500).Select(i => new Metric($"m{i % 10}", i, 1000 + i, i / 10)).ToArray();
        var @params = Enumerable.Range(0, 250).Select(i => new Param($"p{i}", $"v{i}")).ToArray();
        var tags = Enumerable.Range(0, 150).Select(i => new RunTag($"t{i}", $"v{i}")).ToArray();

        await Client.LogBatchAsync(run, metrics, @params, tags);
        var data = (await Client.GetRunAsync(run)).Data;

        Assert.Equal(250, data.Params.Count);
        Assert.Equal(151, data.Tags.Count); // and mlflow.runName
        Assert.Equal(10, data.Metrics.Count);
        Assert.Equal(new Metric("m9", 2499, 3499, 249), data.Metrics.Single(m => m.Key == "m9"));
        Assert.Equal(250, (await Client.GetMetricHistoryAsync(run, "m3")).Count);
    }

    [Fact]
    public async Task Batches_never_exceed_the_limits()
    {
        var batches = LogBatches.Split("r",
            Enumerable.Range(0, 1950).Select(i => new Metric("m", i, i)).ToArray(),
            Enumerable.Range(0, 130).Select(i => new Param($"p{i}", "v")).ToArray(),
            Enumerable.Range(0, 230).Select(i => new RunTag($"t{i}", "v")).ToArray()).ToArray();

        Assert.All(batches, b => Assert.True(
            (b.Metrics?.Count ?? 0) <= MlflowLimits.MaxMetricsPerBatch && (b.Params?.Count ?? 0) <= MlflowLimits.MaxParamsPerBatch
            && (b.Tags?.Count ?? 0) <= MlflowLimits.MaxTagsPerBatch
            && (b.Metrics?.Count ?? 0) + (b.Params?.Count ?? 0) + (b.Tags?.Count ?? 0) <= MlflowLimits.MaxItemsPerBatch));
        Assert.Equal((1950, 130, 230), (batches.Sum(b => b.Metrics?.Count ?? 0), batches.Sum(b => b.Params?.Count ?? 0), batches.Sum(b => b.Tags?.Count ?? 0)));
    }

    [Fact]
    public async Task Update_end_delete_and_restore_change_status_and_visibility()
    {
        var experiment = await tracker.NewExperimentAsync("lifecycle");
        var run = (await Client.CreateRunAsync(experiment)).Info.RunId;

        var renamed = await Client.UpdateRunAsync(run, runName: "renamed");
        var ended = await Client.EndRunAsync(run, RunStatus.Failed);
        await Client.DeleteRunAsync(run);
        var whileDeleted = await Client.SearchRunsAsync(new SearchRunsRequest([experiment]));
        var deletedView = await Client.SearchRunsAsync(new SearchRunsRequest([experiment], RunViewType: ViewType.DeletedOnly));
        var logToDeleted = await Assert.ThrowsAsync<MlflowException>(() => Client.LogMetricAsync(run, "x", 1));
        await Client.RestoreRunAsync(run);
        var restored = await Client.GetRunAsync(run);

        Assert.Equal("renamed", renamed.RunName);
        Assert.Equal(RunStatus.Failed, ended.Status);
        Assert.NotNull(ended.EndTime);
        Assert.Empty(whileDeleted.Runs);
        Assert.Equal(run, Assert.Single(deletedView.Runs).Info.RunId);
        Assert.Equal(ErrorCodes.InvalidParameterValue, logToDeleted.ErrorCode);
        Assert.Equal(LifecycleStage.Active, restored.Info.LifecycleStage);
        Assert.Contains(new RunTag("mlflow.runName", "renamed"), restored.Data.Tags);
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public async Task Unknown_runs_are_resource_does_not_exist()
    {
        var missing = new string('a', 32);

        var get = await Assert.ThrowsAsync<MlflowException>(() => Client.GetRunAsync(missing));
        var log = await Assert.ThrowsAsync<MlflowException>(() => Client.LogMetricAsync(missing, "x", 1));
        var history = await Assert.ThrowsAsync<MlflowException>(() => Client.GetMetricHistoryAsync(missing, "x"));

        Assert.All([get, log, history], e => Assert.Equal((ErrorCodes.ResourceDoesNotExist, HttpStatusCode.NotFound), (e.ErrorCode, e.StatusCode)));
    }

    private async Task<string> NewRunAsync() =>
        (await Client.CreateRunAsync(await tracker.NewExperimentAsync("run"))).Info.RunId;
}
