using System.Net;
using System.Text.Json;
using Aevlp.Tracking.Client;
using Aevlp.Tracking.Client.Protocol;

namespace Aevlp.Tracking.Tests;

/// <summary>MLflow's LogInputs (<c>mlflow.log_input</c>): the body MLflow's Python client sends, the datasets back in
/// runs/get and runs/search, once per run, and MLflow's length limits checked before anything is stored.</summary>
[Collection(TrackingCollection.Name)]
public sealed class RunInputsTests(TrackingFixture tracker)
{
    // What mlflow.log_input(mlflow.data.from_pandas(df, source="/tmp/iris.csv", name="iris"), context="train") sends.
    private const string Iris = """
        {"tags": [{"key": "mlflow.data.context", "value": "train"}],
         "dataset": {"name": "iris", "digest": "6f3e2a1b", "source_type": "local", "source": "{\"uri\": \"/tmp/iris.csv\"}",
                     "schema": "{\"mlflow_colspec\": [{\"type\": \"double\", \"name\": \"sepal length\"}]}", "profile": "{\"num_rows\": 150}"}}
        """;

    private const string Shapes = """
        {"dataset": {"name": "shapes", "digest": "0123456789abcdef0123456789abcdef0123", "source_type": "http", "source": "{\"url\": \"https://example.org/shapes\"}"}}
        """;

    private MlflowClient Client => tracker.Client;

    [Fact]
    public async Task Logged_datasets_come_back_in_order_once_each_in_get_and_search()
    {
        var experiment = await tracker.NewExperimentAsync("inputs");
        var run = (await Client.CreateRunAsync(experiment)).Info.RunId;

        await PostAsync(run, $"[{Iris}]", HttpStatusCode.OK);
        await PostAsync(run, $"[{Iris}, {Shapes}]", HttpStatusCode.OK);

        var inputs = (await Client.GetRunAsync(run)).Inputs!.DatasetInputs;
        Assert.Equal(["iris", "shapes"], inputs.Select(i => i.Dataset!.Name));
        var iris = inputs[0];
        Assert.Equal(new Dataset("iris", "6f3e2a1b", "local", "{\"uri\": \"/tmp/iris.csv\"}",
            "{\"mlflow_colspec\": [{\"type\": \"double\", \"name\": \"sepal length\"}]}", "{\"num_rows\": 150}"), iris.Dataset);
        Assert.Equal([new InputTag("mlflow.data.context", "train")], iris.Tags);
        Assert.Empty(inputs[1].Tags!);
        var found = await Client.SearchRunsAsync(new SearchRunsRequest([experiment]));
        Assert.Equal(["iris", "shapes"], Assert.Single(found.Runs).Inputs!.DatasetInputs.Select(i => i.Dataset!.Name));
    }

    [Fact]
    public async Task Search_datasets_lists_each_dataset_and_context_of_the_experiments_runs_once()
    {
        var experiment = await tracker.NewExperimentAsync("search-datasets");
        foreach (var datasets in new[] { $"[{Iris}, {Shapes}]", $"[{Iris}]" })
        {
            await PostAsync((await Client.CreateRunAsync(experiment)).Info.RunId, datasets, HttpStatusCode.OK);
        }

        // MLflow's UI calls it under /ajax-api (the only prefix mlflow server answers it on).
        using var response = await tracker.Http.PostAsync("ajax-api/2.0/mlflow/experiments/search-datasets",
            new StringContent($$"""{"experiment_ids": ["{{experiment}}"]}""", System.Text.Encoding.UTF8, "application/json"));
        var summaries = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("dataset_summaries");

        Assert.Equal([$"{experiment} iris 6f3e2a1b train", $"{experiment} shapes 0123456789abcdef0123456789abcdef0123 "],
            summaries.EnumerateArray().Select(s => $"{s.GetProperty("experiment_id").GetString()} {s.GetProperty("name").GetString()} " +
                $"{s.GetProperty("digest").GetString()} {(s.TryGetProperty("context", out var c) ? c.GetString() : "")}"));
    }

    [Theory]
    [Trait("Category", "BadInput")]
    [InlineData("{}", "must specify at least one experiment_id")]
    [InlineData("""{"experiment_ids": []}""", "must specify at least one experiment_id")]
    [InlineData("""{"experiment_ids": ["1","2","3","4","5","6","7","8","9","10","11","12","13","14","15","16","17","18","19","20","21"]}""", "cannot specify more than 20 experiment_ids. Received 21")]
    public async Task Search_datasets_takes_one_to_twenty_experiments(string body, string message)
    {
        var error = await tracker.MlflowAsync(HttpMethod.Post, "experiments/search-datasets", body, HttpStatusCode.BadRequest);

        Assert.Contains(message, error.GetProperty("message").GetString());
    }

    [Theory]
    [Trait("Category", "BadInput")]
    [InlineData("""{"dataset": {"name": "d", "digest": "0123456789abcdef0123456789abcdef01234", "source_type": "local", "source": "{}"}}""", "datasets[1].dataset.digest")]
    [InlineData("""{"dataset": {"name": "d", "digest": "1", "source": "{}"}}""", "datasets[1].dataset.source_type")]
    [InlineData("""{"tags": [{"key": "k"}], "dataset": {"name": "d", "digest": "1", "source_type": "local", "source": "{}"}}""", "datasets[1].tags[0].value")]
    [InlineData("""{"tags": []}""", "datasets[1].dataset")]
    public async Task A_bad_dataset_is_invalid_parameter_value_naming_it_and_nothing_of_the_call_is_stored(string bad, string named)
    {
        var run = (await Client.CreateRunAsync(await tracker.NewExperimentAsync("inputs-bad"))).Info.RunId;

        var error = await PostAsync(run, $"[{Shapes}, {bad}]", HttpStatusCode.BadRequest);

        Assert.Equal(ErrorCodes.InvalidParameterValue, error.GetProperty("error_code").GetString());
        Assert.Contains(named, error.GetProperty("message").GetString());
        Assert.Empty((await Client.GetRunAsync(run)).Inputs!.DatasetInputs);
    }

    [Fact]
    public async Task A_missing_run_is_resource_does_not_exist()
    {
        var error = await PostAsync("0123456789abcdef0123456789abcdef", $"[{Shapes}]", HttpStatusCode.NotFound);

        Assert.Equal(ErrorCodes.ResourceDoesNotExist, error.GetProperty("error_code").GetString());
    }

    private Task<JsonElement> PostAsync(string runId, string datasets, HttpStatusCode expected) =>
        tracker.MlflowAsync(HttpMethod.Post, "runs/log-inputs", $$"""{"run_id": "{{runId}}", "datasets": {{datasets}}}""", expected);
}
