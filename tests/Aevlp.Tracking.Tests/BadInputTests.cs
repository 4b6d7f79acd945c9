using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Aevlp.Tracking.Client.Protocol;

namespace Aevlp.Tracking.Tests;

/// <summary>Requests no well-behaved client sends: each gets MLflow's error body and a 4xx, never a 500, and
/// nothing is half-written.</summary>
[Collection(TrackingCollection.Name)]
[Trait("Category", "BadInput")]
public sealed class BadInputTests(TrackingFixture tracker)
{
    private const string Api = "api/2.0/mlflow/";

    [Theory]
    [InlineData("runs/log-batch", "{\"run_id\": ", "'run_id'")]
    [InlineData("runs/log-batch", "", "Invalid JSON")]
    [InlineData("runs/log-batch", "[1, 2]", "Invalid JSON")]
    [InlineData("runs/log-batch", "{}", "'run_id'")]
    [InlineData("runs/log-batch", "{\"run_id\": 5}", "'run_id'")]
    [InlineData("runs/create", "{\"experiment_id\": \"abc\"}", "'experiment_id'")]
    [InlineData("runs/log-metric", "{\"run_id\": \"RUN\", \"key\": \"k\", \"timestamp\": 1}", "'value'")]
    [InlineData("runs/log-metric", "{\"run_id\": \"RUN\", \"key\": \"k\", \"value\": 1}", "'timestamp'")]
    [InlineData("runs/log-metric", "{\"run_id\": \"RUN\", \"key\": \"k\", \"value\": \"high\", \"timestamp\": 1}", "Invalid value for field 'value'")]
    [InlineData("runs/log-parameter", "{\"run_id\": \"RUN\", \"key\": \"k\"}", "param 'k'")]
    [InlineData("runs/log-batch", "{\"run_id\": \"RUN\", \"metrics\": [{\"key\": \"k\", \"value\": 1}]}", "'timestamp'")]
    [InlineData("runs/log-batch", "{\"run_id\": \"RUN\", \"metrics\": [{\"key\": null, \"value\": 1, \"timestamp\": 1}]}", "metrics[0]")]
    [InlineData("runs/log-batch", "{\"run_id\": \"RUN\", \"params\": [{\"key\": \"../up\", \"value\": \"v\"}]}", "'../up'")]
    [InlineData("runs/update", "{\"run_id\": \"RUN\", \"status\": \"DONE\"}", "RUNNING, SCHEDULED, FINISHED, FAILED, KILLED")]
    [InlineData("runs/search", "{\"experiment_ids\": []}", "'experiment_ids'")]
    [InlineData("runs/search", "{\"experiment_ids\": [\"0\"], \"page_token\": \"bm9wZQ\"}", "page_token")]
    [InlineData("runs/search", "{\"experiment_ids\": [\"0\"], \"max_results\": 0}", "'max_results'")]
    [InlineData("experiments/create", "{\"name\": \"\"}", "'name'")]
    [InlineData("experiments/search", "{\"view_type\": \"SOME\"}", "ACTIVE_ONLY")]
    public async Task Malformed_requests_are_invalid_parameter_value_naming_the_problem(string route, string body, string named)
    {
        var run = await NewRunAsync();

        var error = await PostAsync(route, body.Replace("RUN", run), HttpStatusCode.BadRequest);

        Assert.Equal(ErrorCodes.InvalidParameterValue, error.ErrorCode);
        Assert.Contains(named, error.Message);
    }

    [Fact]
    public async Task An_over_limit_or_partly_bad_batch_writes_nothing()
    {
        var run = await NewRunAsync();
        var tooMany = new LogBatchRequest(run, Enumerable.Range(0, 1001).Select(i => new Metric("m", i, i)).ToArray());
        var tooManyParams = new LogBatchRequest(run, Params: Enumerable.Range(0, 101).Select(i => new Param($"p{i}", "v")).ToArray());
        var lastTagTooLong = new LogBatchRequest(run, [new Metric("m", 1, 1)], [new Param("p", "v")],
            [new RunTag("ok", "v"), new RunTag("long", new string('x', MlflowLimits.MaxTagValueLength + 1))]);
        var paramTooLong = new LogBatchRequest(run, Params: [new Param("p", new string('x', MlflowLimits.MaxParamValueLength + 1))]);

        var errors = new[]
        {
            await PostAsync("runs/log-batch", Json(tooMany), HttpStatusCode.BadRequest),
            await PostAsync("runs/log-batch", Json(tooManyParams), HttpStatusCode.BadRequest),
            await PostAsync("runs/log-batch", Json(lastTagTooLong), HttpStatusCode.BadRequest),
            await PostAsync("runs/log-batch", Json(paramTooLong), HttpStatusCode.BadRequest),
        };

        Assert.All(errors, e => Assert.Equal(ErrorCodes.InvalidParameterValue, e.ErrorCode));
        Assert.Contains("at most 1000 metrics", errors[0].Message);
        Assert.Contains("8000", errors[2].Message);
        var data = (await tracker.Client.GetRunAsync(run)).Data;
        Assert.Empty(data.Metrics);
        Assert.Empty(data.Params);
        Assert.DoesNotContain(data.Tags, t => t.Key == "ok");
    }

    [Theory]
    [InlineData("runs/get?run_id=0123456789abcdef0123456789abcdef")]
    [InlineData("experiments/get?experiment_id=424242")]
    [InlineData("experiments/get-by-name?experiment_name=nothing-here")]
    [InlineData("registered-models/get?name=nothing-here")]
    [InlineData("artifacts/list?run_id=0123456789abcdef0123456789abcdef")]
    public async Task Unknown_ids_are_resource_does_not_exist(string query)
    {
        using var response = await tracker.Http.GetAsync(Api + query);

        var error = await ErrorAsync(response, HttpStatusCode.NotFound);
        Assert.Equal(ErrorCodes.ResourceDoesNotExist, error.ErrorCode);
    }

    [Fact]
    public async Task Unknown_routes_are_endpoint_not_found_and_both_prefixes_serve_the_api()
    {
        using var unknown = await tracker.Http.GetAsync(Api + "runs/teleport");
        using var ajax = await tracker.Http.GetAsync("ajax-api/2.0/mlflow/experiments/get?experiment_id=0");

        Assert.Equal(ErrorCodes.EndpointNotFound, (await ErrorAsync(unknown, HttpStatusCode.NotFound)).ErrorCode);
        Assert.Equal(HttpStatusCode.OK, ajax.StatusCode);
    }

    [Fact]
    public async Task Health_answers_OK_and_version_answers_text()
    {
        Assert.Equal("OK", await tracker.Http.GetStringAsync("health"));
        Assert.Matches(@"^\d+\.\d+\.\d+$", await tracker.Http.GetStringAsync("version"));
    }

    [Theory]
    [InlineData("api/2.0/mlflow-artifacts/artifacts/0/x/artifacts/a%5Cb")]
    [InlineData("api/2.0/mlflow-artifacts/artifacts/0/x/artifacts/a%2F%2E%2E%2Fb")]
    public async Task Artifact_uploads_to_odd_paths_are_refused(string route)
    {
        using var response = await tracker.Http.PutAsync(route, new ByteArrayContent([1, 2, 3]));

        Assert.Equal(ErrorCodes.InvalidParameterValue, (await ErrorAsync(response, HttpStatusCode.BadRequest)).ErrorCode);
    }

    private async Task<string> NewRunAsync() =>
        (await tracker.Client.CreateRunAsync(await tracker.NewExperimentAsync("bad-input"))).Info.RunId;

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, MlflowJson.Options);

    private async Task<ErrorResponse> PostAsync(string route, string body, HttpStatusCode expected)
    {
        using var response = await tracker.Http.PostAsync(Api + route, new StringContent(body, Encoding.UTF8, "application/json"));
        return await ErrorAsync(response, expected);
    }

    private static async Task<ErrorResponse> ErrorAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {expected}, got {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<ErrorResponse>(text, MlflowJson.Options)!;
    }
}
