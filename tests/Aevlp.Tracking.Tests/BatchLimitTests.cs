using System.Net;
using System.Text.Json;
using Aevlp.Tracking.Client.Protocol;

namespace Aevlp.Tracking.Tests;

/// <summary>MLflow's log-batch limits at their edges (1000 metrics, 100 params, 100 tags, 1000 entities in all), and NaN and
/// ±Infinity as MLflow's clients send them in protobuf JSON (the strings "NaN", "Infinity", "-Infinity"), in raw requests.</summary>
[Collection(TrackingCollection.Name)]
public sealed class BatchLimitTests(TrackingFixture tracker)
{
    [Theory]
    [InlineData(1000, 0, 0, true)]
    [InlineData(800, 100, 100, true)]
    [InlineData(1001, 0, 0, false)]
    [InlineData(0, 101, 0, false)]
    [InlineData(0, 0, 101, false)]
    [InlineData(900, 100, 1, false)]
    public async Task A_batch_at_the_limits_is_stored_and_one_entity_more_is_refused_whole(int metrics, int @params, int tags, bool accepted)
    {
        var run = (await tracker.Client.CreateRunAsync(await tracker.NewExperimentAsync("limits"))).Info.RunId;
        var body = JsonSerializer.Serialize(new
        {
            run_id = run,
            metrics = Enumerable.Range(0, metrics).Select(i => new { key = $"m{i % 7}", value = i, timestamp = 1000 + i, step = i }),
            @params = Enumerable.Range(0, @params).Select(i => new { key = $"p{i}", value = "v" }),
            tags = Enumerable.Range(0, tags).Select(i => new { key = $"t{i}", value = "v" }),
        });

        var answer = await tracker.MlflowAsync(HttpMethod.Post, "runs/log-batch", body, accepted ? HttpStatusCode.OK : HttpStatusCode.BadRequest);

        var data = (await tracker.Client.GetRunAsync(run)).Data;
        if (accepted)
        {
            Assert.Equal((Math.Min(metrics, 7), @params, tags), (data.Metrics.Count, data.Params.Count, data.Tags.Count(t => t.Key.StartsWith('t'))));
            Assert.Equal(metrics / 7 + (metrics % 7 > 0 ? 1 : 0), (await tracker.Client.GetMetricHistoryAsync(run, "m0")).Count);
            return;
        }
        Assert.Equal(ErrorCodes.InvalidParameterValue, answer.GetProperty("error_code").GetString());
        Assert.Contains($"got {metrics} metrics, {@params} params and {tags} tags", answer.GetProperty("message").GetString());
        Assert.Equal((0, 0), (data.Metrics.Count, data.Params.Count));
    }

    [Fact]
    public async Task Nan_and_infinities_sent_as_protobuf_json_strings_come_back_the_same_way()
    {
        var run = (await tracker.Client.CreateRunAsync(await tracker.NewExperimentAsync("special-values"))).Info.RunId;

        await tracker.MlflowAsync(HttpMethod.Post, "runs/log-batch", $$"""
            {"run_id": "{{run}}", "metrics": [{"key": "loss", "value": "NaN", "timestamp": 1, "step": 1},
                                               {"key": "loss", "value": "Infinity", "timestamp": 2, "step": 2}]}
            """, HttpStatusCode.OK);
        await tracker.MlflowAsync(HttpMethod.Post, "runs/log-metric",
            $$"""{"run_id": "{{run}}", "key": "loss", "value": "-Infinity", "timestamp": 3, "step": 3}""", HttpStatusCode.OK);

        var history = await tracker.MlflowAsync(HttpMethod.Get, $"metrics/get-history?run_id={run}&metric_key=loss", null, HttpStatusCode.OK);
        Assert.Equal(["NaN", "Infinity", "-Infinity"], history.GetProperty("metrics").EnumerateArray().Select(m => m.GetProperty("value").GetString()));
        var latest = (await tracker.MlflowAsync(HttpMethod.Get, $"runs/get?run_id={run}", null, HttpStatusCode.OK))
            .GetProperty("run").GetProperty("data").GetProperty("metrics");
        Assert.Equal("-Infinity", Assert.Single(latest.EnumerateArray()).GetProperty("value").GetString());
    }

    [Theory]
    [Trait("Category", "BadInput")]
    [InlineData("\"nan\"")]
    [InlineData("\"inf\"")]
    [InlineData("\"1e400x\"")]
    public async Task Other_strings_for_a_metric_value_are_invalid_parameter_value(string value)
    {
        var run = (await tracker.Client.CreateRunAsync(await tracker.NewExperimentAsync("special-values-bad"))).Info.RunId;

        var error = await tracker.MlflowAsync(HttpMethod.Post, "runs/log-metric",
            $$"""{"run_id": "{{run}}", "key": "loss", "value": {{value}}, "timestamp": 3}""", HttpStatusCode.BadRequest);

        Assert.Equal(ErrorCodes.InvalidParameterValue, error.GetProperty("error_code").GetString());
        Assert.Contains("'value'", error.GetProperty("message").GetString());
    }
}
