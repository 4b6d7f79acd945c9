using System.Net;
using System.Text.Json;
using Aevlp.Tracking.Client.Protocol;

namespace Aevlp.Tracking.Tests;

/// <summary>metrics/get-history-bulk-interval as MLflow's UI calls it (GET, run_ids repeated): steps sampled as MLflow's
/// server samples them, each run's first and last step kept, and MLflow's checks of the request. The expected steps were
/// worked out by hand from MLflow's <c>_get_sampled_steps_from_steps</c>.</summary>
[Collection(TrackingCollection.Name)]
public sealed class MetricHistoryBulkIntervalTests(TrackingFixture tracker)
{
    [Theory]
    [InlineData("", "0 1 2 3 4 5 6 7 8 9", "0 1 2 3 4 20")]
    [InlineData("&max_results=3", "0 3 7 9", "0 3 20")]
    // Of the four steps 2..5, MLflow's index test keeps only the first sample (index 2; index 4 is not below the count, 4),
    // then the range's last step; B's first and last steps (0, 20) lie outside the range.
    [InlineData("&start_step=2&end_step=5&max_results=2", "2 5", "2")]
    public async Task Steps_are_sampled_as_mlflow_samples_them(string query, string stepsOfA, string stepsOfB)
    {
        var (a, b) = await TwoRunsAsync();

        var metrics = await GetAsync($"run_ids={a}&run_ids={b}&metric_key=loss{query}", HttpStatusCode.OK);

        var points = metrics.GetProperty("metrics").EnumerateArray()
            .Select(m => (Run: m.GetProperty("run_id").GetString(), Step: m.GetProperty("step").GetInt64(), Value: m.GetProperty("value").GetDouble())).ToList();
        Assert.Equal(stepsOfA, string.Join(' ', points.Where(p => p.Run == a).Select(p => p.Step)));
        Assert.Equal(stepsOfB, string.Join(' ', points.Where(p => p.Run == b).Select(p => p.Step)));
        Assert.All(points, p => Assert.Equal(p.Step + (p.Run == b ? 100 : 0), p.Value));
        Assert.Equal(points.OrderBy(p => p.Run == b).ThenBy(p => p.Step), points);
    }

    [Theory]
    [Trait("Category", "BadInput")]
    [InlineData("metric_key=loss", "'run_ids'")]
    [InlineData("run_ids=R&metric_key=loss&start_step=3", "both must be specified")]
    [InlineData("run_ids=R&metric_key=loss&start_step=5&end_step=3", "end_step must be greater than start_step")]
    [InlineData("run_ids=R&metric_key=loss&max_results=0", "between 1 and 2500")]
    [InlineData("run_ids=R&metric_key=loss&max_results=2501", "between 1 and 2500")]
    [InlineData("run_ids=R", "'metric_key'")]
    public async Task Bad_requests_are_invalid_parameter_value(string query, string named)
    {
        var error = await GetAsync(query, HttpStatusCode.BadRequest);

        Assert.Equal(ErrorCodes.InvalidParameterValue, error.GetProperty("error_code").GetString());
        Assert.Contains(named, error.GetProperty("message").GetString());
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public async Task More_than_100_runs_are_refused()
    {
        var runIds = string.Join('&', Enumerable.Range(0, 101).Select(i => $"run_ids=r{i}"));

        var error = await GetAsync($"{runIds}&metric_key=loss", HttpStatusCode.BadRequest);

        Assert.Contains("at most 100 run_ids. Received 101", error.GetProperty("message").GetString());
    }

    // Run A logs loss = step at steps 0..9; run B logs loss = 100 + step at steps 0..4 and 20.
    private async Task<(string A, string B)> TwoRunsAsync()
    {
        var experiment = await tracker.NewExperimentAsync("bulk-interval");
        var a = (await tracker.Client.CreateRunAsync(experiment)).Info.RunId;
        var b = (await tracker.Client.CreateRunAsync(experiment)).Info.RunId;
        await tracker.Client.LogBatchAsync(a, [.. Enumerable.Range(0, 10).Select(step => new Metric("loss", step, 1000 + step, step))]);
        await tracker.Client.LogBatchAsync(b, [.. new[] { 0, 1, 2, 3, 4, 20 }.Select(step => new Metric("loss", 100 + step, 1000 + step, step))]);
        return (a, b);
    }

    private Task<JsonElement> GetAsync(string query, HttpStatusCode expected) =>
        tracker.MlflowAsync(HttpMethod.Get, $"metrics/get-history-bulk-interval?{query}", null, expected);
}
