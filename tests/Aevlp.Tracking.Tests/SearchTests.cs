using Aevlp.Tracking.Client;
using Aevlp.Tracking.Client.Protocol;

namespace Aevlp.Tracking.Tests;

/// <summary>runs/search over one experiment of 12 runs: run i has metrics loss = i/10 and `val mAP` = 1 - i/10,
/// params model (resnet for even i, vit for odd) and i, tag note "run-i", and starts at 1000 + i.</summary>
[Collection(TrackingCollection.Name)]
public sealed class SearchTests(TrackingFixture tracker) : IAsyncLifetime
{
    private const int Runs = 12;
    private MlflowClient Client => tracker.Client;
    private string experiment = "";

    public async Task InitializeAsync()
    {
        experiment = await tracker.NewExperimentAsync("search");
        for (int i = 0; i < Runs; i++)
        {
            var run = await Client.CreateRunAsync(experiment, $"run-{i}", startTime: 1000 + i);
            await Client.LogBatchAsync(run.Info.RunId,
                [new Metric("loss", i / 10.0, 1), new Metric("val mAP", 1 - i / 10.0, 1)],
                [new Param("model", i % 2 == 0 ? "resnet" : "vit"), new Param("i", i.ToString())],
                [new RunTag("note", $"run-{i}")]);
            if (i == 0) await Client.EndRunAsync(run.Info.RunId);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("metrics.loss < 0.3", new[] { 0, 1, 2 })]
    [InlineData("metrics.loss >= 1.05", new[] { 11 })]
    [InlineData("metrics.`val mAP` > 0.85", new[] { 0, 1 })]
    [InlineData("params.model = 'vit' and metrics.loss <= 0.3", new[] { 1, 3 })]
    [InlineData("params.model != 'resnet' AND params.i LIKE '1%'", new[] { 1, 11 })]
    [InlineData("tags.note ILIKE 'RUN-1_'", new[] { 10, 11 })]
    [InlineData("attributes.status = 'FINISHED'", new[] { 0 })]
    [InlineData("attributes.run_name IN ('run-4', 'run-5')", new[] { 4, 5 })]
    [InlineData("attributes.start_time > 1009", new[] { 10, 11 })]
    [InlineData("metric.loss = 0.5 and param.model = \"vit\"", new[] { 5 })]
    public async Task Filters_select_the_matching_runs(string filter, int[] expected)
    {
        var found = await Client.SearchRunsAsync(new SearchRunsRequest([experiment], filter));

        Assert.Equal(expected.Order(), found.Runs.Select(Index).Order());
    }

    [Fact]
    public async Task Default_order_is_newest_first_and_order_by_sorts_on_metrics_and_params()
    {
        var newest = await Client.SearchRunsAsync(new SearchRunsRequest([experiment]));
        var byMetric = await Client.SearchRunsAsync(new SearchRunsRequest([experiment], OrderBy: ["metrics.`val mAP` ASC"]));
        var byParam = await Client.SearchRunsAsync(new SearchRunsRequest([experiment], OrderBy: ["params.model DESC", "metrics.loss DESC"]));

        Assert.Equal(Enumerable.Range(0, Runs).Reverse(), newest.Runs.Select(Index));
        Assert.Equal(Enumerable.Range(0, Runs).Reverse(), byMetric.Runs.Select(Index));
        Assert.Equal([11, 9, 7, 5, 3, 1, 10, 8, 6, 4, 2, 0], byParam.Runs.Select(Index));
    }

    [Fact]
    public async Task Pages_cover_every_run_once_in_order()
    {
        var seen = new List<int>();
        string? token = null;
        do
        {
            var page = await Client.SearchRunsAsync(new SearchRunsRequest([experiment], MaxResults: 5, OrderBy: ["metrics.loss ASC"], PageToken: token));
            Assert.InRange(page.Runs.Count, 1, 5);
            seen.AddRange(page.Runs.Select(Index));
            token = page.NextPageToken;
        } while (token is not null);

        Assert.Equal(Enumerable.Range(0, Runs), seen);
    }

    [Theory]
    [InlineData("metrics.loss < 'x'", "expected a number")]
    [InlineData("params.model > 1", "expected a quoted string")]
    [InlineData("metrics.loss <", "position 14")]
    [InlineData("metrics.loss < 1 or params.a = 'b'", "expected AND")]
    [InlineData("attributes.colour = 'red'", "attributes.")]
    [InlineData("params.model = 'unterminated", "unterminated")]
    [Trait("Category", "BadInput")]
    public async Task Malformed_filters_are_invalid_parameter_value_saying_why(string filter, string reason)
    {
        var error = await Assert.ThrowsAsync<MlflowException>(() => Client.SearchRunsAsync(new SearchRunsRequest([experiment], filter)));

        Assert.Equal(ErrorCodes.InvalidParameterValue, error.ErrorCode);
        Assert.Contains(reason, error.ServerMessage);
    }

    [Fact]
    public async Task Filter_values_are_parameters_not_sql()
    {
        var found = await Client.SearchRunsAsync(new SearchRunsRequest([experiment], "params.model = 'x'' OR ''1''=''1'"));

        Assert.Empty(found.Runs);
        Assert.Equal(Runs, (await Client.SearchRunsAsync(new SearchRunsRequest([experiment]))).Runs.Count);
    }

    private static int Index(Run run) => int.Parse(run.Data.Params.Single(p => p.Key == "i").Value);
}
