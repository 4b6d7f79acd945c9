using System.Net;
using System.Text;
using System.Text.Json;
using Aevlp.Tracking.Client;
using Aevlp.Tracking.Client.Protocol;

namespace Aevlp.Tracking.Tests;

/// <summary>MLflow 3's logged models, sent as MLflow's Python client sends them (mlflow/store/tracking/rest_store.py,
/// mlflow/models/model.py): <c>mlflow.onnx.log_model</c> inside a run, <c>register_model("models:/m-…")</c> and
/// <c>register_model("runs:/…/model")</c>, loading the files back, and MLflow's answers to bad or missing entities.</summary>
[Collection(TrackingCollection.Name)]
public sealed class LoggedModelTests(TrackingFixture tracker)
{
    private MlflowClient Client => tracker.Client;

    [Fact]
    public async Task Log_model_in_a_run_register_it_and_load_its_files_as_mlflow_3_does()
    {
        var experiment = await tracker.NewExperimentAsync("logged-model");
        var run = (await Client.CreateRunAsync(experiment)).Info.RunId;
        await Client.LogBatchAsync(run, [new Metric("val_map", 0.61, 1000, 0)], [new Param("lr", "0.0001")], []);

        // log_model: the model with the run's params and context tags, the run's output, its step-0 metrics, files, READY.
        var created = await MlflowAsync(HttpMethod.Post, "logged-models", $$"""
            {"experiment_id": "{{experiment}}", "name": "model", "source_run_id": "{{run}}",
             "params": [{"key": "lr", "value": "0.0001"}], "tags": [{"key": "mlflow.user", "value": "alice"}]}
            """);
        var info = created.GetProperty("model").GetProperty("info");
        var modelId = info.GetProperty("model_id").GetString()!;
        Assert.Matches("^m-[0-9a-f]{32}$", modelId);
        Assert.Equal($"mlflow-artifacts:/{experiment}/models/{modelId}/artifacts", info.GetProperty("artifact_uri").GetString());
        Assert.Equal(LoggedModelStatus.Pending, info.GetProperty("status").GetString());
        await MlflowAsync(HttpMethod.Post, "runs/outputs", $$"""{"run_id": "{{run}}", "models": [{"model_id": "{{modelId}}", "step": 0}]}""");
        await MlflowAsync(HttpMethod.Post, "runs/log-batch", $$"""
            {"run_id": "{{run}}", "metrics": [{"key": "val_map", "value": 0.61, "timestamp": 1000, "step": 0, "model_id": "{{modelId}}",
             "dataset_name": "val", "dataset_digest": "d1"}, {"key": "bad", "value": "NaN", "timestamp": 1000, "step": 0, "model_id": "{{modelId}}"}]}
            """);
        var files = new Dictionary<string, string> { ["MLmodel"] = "flavors:\n  onnx:\n    data: model.onnx\n", ["model.onnx"] = "onnx bytes" };
        foreach (var (path, content) in files) await PutArtifactAsync($"{experiment}/models/{modelId}/artifacts/{path}", content);
        var finalized = await MlflowAsync(HttpMethod.Patch, $"logged-models/{modelId}", $$"""{"model_id": "{{modelId}}", "status": "LOGGED_MODEL_READY"}""");
        Assert.Equal(LoggedModelStatus.Ready, finalized.GetProperty("model").GetProperty("info").GetProperty("status").GetString());

        // Last, MLflow 2's record of the model on the run, which MLflow 3's client still sends.
        var modelJson = JsonSerializer.Serialize(new { run_id = run, artifact_path = "model", utc_time_created = "2026-12-06 10:00:00.000000",
            model_uuid = modelId, flavors = new { onnx = new { data = "model.onnx" } } });
        await MlflowAsync(HttpMethod.Post, "runs/log-model", JsonSerializer.Serialize(new { run_id = run, model_json = modelJson }));
        var history = (await Client.GetRunAsync(run)).Data.Tags.Single(t => t.Key == "mlflow.log-model.history").Value;
        Assert.Equal(modelId, JsonDocument.Parse(history).RootElement[0].GetProperty("model_uuid").GetString());

        var model = (await MlflowAsync(HttpMethod.Get, $"logged-models/{modelId}", null)).GetProperty("model");
        Assert.Equal(run, model.GetProperty("info").GetProperty("source_run_id").GetString());
        Assert.Equal("""[{"key":"mlflow.user","value":"alice"}]""", model.GetProperty("info").GetProperty("tags").GetRawText());
        Assert.Equal("""[{"key":"lr","value":"0.0001"}]""", model.GetProperty("data").GetProperty("params").GetRawText());
        var metrics = model.GetProperty("data").GetProperty("metrics");
        Assert.Equal("NaN", metrics[0].GetProperty("value").GetString());
        Assert.Equal($$"""
            {"key":"val_map","value":0.61,"timestamp":1000,"step":0,"dataset_name":"val","dataset_digest":"d1","model_id":"{{modelId}}","run_id":"{{run}}"}
            """.Trim(), metrics[1].GetRawText());
        var runJson = (await MlflowAsync(HttpMethod.Get, $"runs/get?run_id={run}", null)).GetProperty("run");
        Assert.Equal($$"""[{"model_id":"{{modelId}}","step":0}]""", runJson.GetProperty("outputs").GetProperty("model_outputs").GetRawText());

        // register_model("runs:/<run>/model"): the client finds the model by name among the run's experiment's models.
        var name = $"classifier-{Guid.NewGuid():N}";
        await Client.CreateRegisteredModelAsync(name);
        var found = await MlflowAsync(HttpMethod.Post, "logged-models/search", $$"""{"experiment_ids": ["{{experiment}}"], "filter": "name = 'model'"}""");
        Assert.Equal(modelId, Assert.Single(found.GetProperty("models").EnumerateArray()).GetProperty("info").GetProperty("model_id").GetString());
        var version = (await MlflowAsync(HttpMethod.Post, "model-versions/create", $$"""
            {"name": "{{name}}", "source": "models:/{{modelId}}", "run_id": "{{run}}", "model_id": "{{modelId}}"}
            """)).GetProperty("model_version");
        Assert.Equal(modelId, version.GetProperty("model_id").GetString());
        Assert.Equal(run, version.GetProperty("run_id").GetString());
        Assert.Equal($"mlflow-artifacts:/{experiment}/models/{modelId}/artifacts", await Client.GetModelVersionDownloadUriAsync(name, "1"));
        var tags = (await MlflowAsync(HttpMethod.Get, $"logged-models/{modelId}", null)).GetProperty("model").GetProperty("info").GetProperty("tags");
        var registrations = tags.EnumerateArray().Single(t => t.GetProperty("key").GetString() == "mlflow.modelVersions").GetProperty("value").GetString();
        Assert.Equal($$"""[{"name":"{{name}}","version":1}]""", registrations);

        // load_model("models:/<id>"): the model's artifact_uri, listed and downloaded through the artifact proxy.
        var listed = await RawAsync(HttpMethod.Get, $"api/2.0/mlflow-artifacts/artifacts?path={experiment}/models/{modelId}/artifacts");
        Assert.Equal(["MLmodel", "model.onnx"], JsonDocument.Parse(listed).RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()).Order());
        Assert.Equal("onnx bytes", await RawAsync(HttpMethod.Get, $"api/2.0/mlflow-artifacts/artifacts/{experiment}/models/{modelId}/artifacts/model.onnx"));
        var directories = await MlflowAsync(HttpMethod.Get, $"logged-models/{modelId}/artifacts/directories", null);
        Assert.Equal(["MLmodel", "model.onnx"], directories.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()).Order());
        Assert.Equal(files["MLmodel"], await RawAsync(HttpMethod.Get, $"ajax-api/2.0/mlflow/logged-models/{modelId}/artifacts/files?artifact_file_path=MLmodel"));
    }

    [Fact]
    public async Task A_version_registered_from_models_uri_alone_takes_the_model_and_its_run()
    {
        var experiment = await tracker.NewExperimentAsync("logged-model-uri");
        var run = (await Client.CreateRunAsync(experiment)).Info.RunId;
        var modelId = await CreateModelAsync(experiment, "model", $$""", "source_run_id": "{{run}}" """);
        var name = $"uri-{Guid.NewGuid():N}";
        await Client.CreateRegisteredModelAsync(name);

        var version = await Client.CreateModelVersionAsync(name, $"models:/{modelId}");

        Assert.Equal(modelId, version.ModelId);
        Assert.Equal(run, version.RunId);
        Assert.Equal($"mlflow-artifacts:/{experiment}/models/{modelId}/artifacts", await Client.GetModelVersionDownloadUriAsync(name, version.Version));
    }

    [Fact]
    public async Task Search_filters_orders_and_pages_as_mlflow_does()
    {
        var experiment = await tracker.NewExperimentAsync("logged-model-search");
        var run = (await Client.CreateRunAsync(experiment)).Info.RunId;
        var a = await CreateModelAsync(experiment, "a", """, "params": [{"key": "lr", "value": "0.01"}], "tags": [{"key": "arch", "value": "resnet50"}]""");
        var b = await CreateModelAsync(experiment, "b", """, "params": [{"key": "lr", "value": "0.001"}], "tags": [{"key": "arch", "value": "resnet18"}]""");
        var c = await CreateModelAsync(experiment, "c", "");
        await LogModelMetricAsync(run, a, 0.7, "val");
        await LogModelMetricAsync(run, b, 0.9, "val");
        await LogModelMetricAsync(run, c, 0.95, "test");
        await MlflowAsync(HttpMethod.Patch, $"logged-models/{a}", """{"status": 2}""");
        var deleted = await CreateModelAsync(experiment, "gone", "");
        await MlflowAsync(HttpMethod.Delete, $"logged-models/{deleted}", null);

        Assert.Equal([c, b, a], await SearchAsync(experiment, null));
        Assert.Equal([a], await SearchAsync(experiment, """ "filter": "metrics.val_map > 0.5 AND params.lr = '0.01'" """));
        Assert.Equal([a], await SearchAsync(experiment, """ "filter": "status = 'READY'" """));
        Assert.Equal([c, b], await SearchAsync(experiment, """ "filter": "status != 'READY'" """));
        Assert.Equal([c], await SearchAsync(experiment, """ "filter": "name NOT IN ('a', 'b')" """));
        Assert.Equal([b, a], await SearchAsync(experiment, """ "filter": "tags.arch LIKE 'resnet%'" """));
        Assert.Equal([b, a], await SearchAsync(experiment, """ "datasets": [{"dataset_name": "val"}] """));
        Assert.Equal([b], await SearchAsync(experiment, """ "filter": "metrics.val_map > 0.8", "datasets": [{"dataset_name": "val", "dataset_digest": "d-val"}] """));
        Assert.Equal([c, b, a], await SearchAsync(experiment, """ "order_by": [{"field_name": "metrics.val_map", "ascending": false}] """));
        Assert.Equal([a, b, c], await SearchAsync(experiment, """ "order_by": [{"field_name": "name"}] """));

        var pages = new List<string>();
        string? token = null;
        do
        {
            var page = await MlflowAsync(HttpMethod.Post, "logged-models/search", JsonSerializer.Serialize(
                new { experiment_ids = new[] { experiment }, max_results = 2, page_token = token }));
            pages.AddRange(page.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("info").GetProperty("model_id").GetString()!));
            token = page.TryGetProperty("next_page_token", out var next) ? next.GetString() : null;
        } while (token is not null);
        Assert.Equal([c, b, a], pages);
    }

    [Fact]
    public async Task Deleted_models_are_hidden_unless_asked_for_and_keep_their_tags_and_params()
    {
        var experiment = await tracker.NewExperimentAsync("logged-model-delete");
        var modelId = await CreateModelAsync(experiment, "m", "");
        await MlflowAsync(HttpMethod.Patch, $"logged-models/{modelId}/tags", """{"tags": [{"key": "k", "value": "1"}, {"key": "k", "value": "2"}, {"key": "gone", "value": "x"}]}""");
        await MlflowAsync(HttpMethod.Delete, $"logged-models/{modelId}/tags/gone", null);
        await MlflowAsync(HttpMethod.Post, $"logged-models/{modelId}/params", $$"""{"model_id": "{{modelId}}", "params": [{"key": "p", "value": "v"}]}""");

        await MlflowAsync(HttpMethod.Delete, $"logged-models/{modelId}", $$"""{"model_id": "{{modelId}}"}""");

        await MlflowAsync(HttpMethod.Get, $"logged-models/{modelId}", null, HttpStatusCode.NotFound);
        var kept = (await MlflowAsync(HttpMethod.Get, $"logged-models/{modelId}?allow_deleted=true", null)).GetProperty("model");
        Assert.Equal("""[{"key":"k","value":"2"}]""", kept.GetProperty("info").GetProperty("tags").GetRawText());
        Assert.Equal("""[{"key":"p","value":"v"}]""", kept.GetProperty("data").GetProperty("params").GetRawText());
        Assert.Empty(await SearchAsync(experiment, null));
    }

    [Theory]
    [Trait("Category", "BadInput")]
    [InlineData("POST", "logged-models", """{"experiment_id": "999999999"}""", 404, "No Experiment with id=999999999 exists")]
    [InlineData("POST", "logged-models", """{"name": "m"}""", 400, "'experiment_id'")]
    [InlineData("POST", "logged-models", """{"experiment_id": "0", "name": "my.model"}""", 400, "Invalid model name 'my.model'")]
    [InlineData("GET", "logged-models/m-0123", null, 404, "Logged model with ID 'm-0123' not found.")]
    [InlineData("PATCH", "logged-models/m-0123", """{"status": "LOGGED_MODEL_READY"}""", 404, "Logged model with ID 'm-0123' not found.")]
    [InlineData("DELETE", "logged-models/m-0123", null, 404, "Logged model with ID 'm-0123' not found.")]
    [InlineData("PATCH", "logged-models/m-0123/tags", """{"tags": [{"key": "k", "value": "v"}]}""", 404, "Logged model with ID 'm-0123' not found.")]
    [InlineData("POST", "logged-models/m-0123/params", """{"params": [{"key": "k", "value": "v"}]}""", 404, "Logged model with ID 'm-0123' not found.")]
    [InlineData("POST", "logged-models/search", """{"filter": "name = 'm'"}""", 400, "'experiment_ids'")]
    [InlineData("POST", "logged-models/search", """{"experiment_ids": ["0"], "order_by": [{"field_name": "params.lr"}]}""", 400, "Invalid order by field name: params.lr")]
    [InlineData("POST", "logged-models/search", """{"experiment_ids": ["0"], "filter": "colour = 'red'"}""", 400, "Invalid logged model search key 'colour'")]
    [InlineData("POST", "logged-models/search", """{"experiment_ids": ["0"], "filter": "status = 'DONE'"}""", 400, "Unknown model status in filter: 'DONE'")]
    [InlineData("POST", "logged-models/search", """{"experiment_ids": ["0"], "datasets": [{"dataset_digest": "d"}]}""", 400, "`dataset_name`")]
    [InlineData("POST", "logged-models/search", """{"experiment_ids": ["0"], "filter": "metrics.m > 'high'"}""", 400, "expected a number")]
    [InlineData("POST", "runs/log-model", """{"run_id": "0123456789abcdef0123456789abcdef", "model_json": "{\"flavors\": {}}"}""", 400, "missing mandatory fields: artifact_path, utc_time_created, run_id")]
    [InlineData("POST", "runs/log-model", """{"run_id": "0123456789abcdef0123456789abcdef", "model_json": "[1]"}""", 400, "expected a JSON object")]
    [InlineData("POST", "runs/log-model", """{"run_id": "0123456789abcdef0123456789abcdef", "model_json": "{\"artifact_path\": \"m\", \"flavors\": {}, \"utc_time_created\": \"t\", \"run_id\": \"r\"}"}""", 404, "Run with id=0123456789abcdef0123456789abcdef not found")]
    public async Task Bad_or_missing_entities_get_mlflows_error_codes(string method, string route, string? body, int status, string message)
    {
        var error = await MlflowAsync(new HttpMethod(method), route, body, (HttpStatusCode)status);

        Assert.Equal(status == 404 ? ErrorCodes.ResourceDoesNotExist : ErrorCodes.InvalidParameterValue, error.GetProperty("error_code").GetString());
        Assert.Contains(message, error.GetProperty("message").GetString());
    }

    [Theory]
    [Trait("Category", "BadInput")]
    [InlineData("""{"status": "DONE"}""", "Unknown model status: \"DONE\"")]
    [InlineData("""{"status": 7}""", "Unknown model status: 7")]
    [InlineData("""{}""", "'status'")]
    [InlineData("""{"model_id": "m-other", "status": 2}""", "differs from the path's")]
    public async Task A_bad_finalize_is_refused_and_the_model_stays_pending(string body, string message)
    {
        var modelId = await CreateModelAsync(await tracker.NewExperimentAsync("logged-model-finalize"), "m", "");

        var error = await MlflowAsync(HttpMethod.Patch, $"logged-models/{modelId}", body, HttpStatusCode.BadRequest);

        Assert.Contains(message, error.GetProperty("message").GetString());
        Assert.Equal(LoggedModelStatus.Pending, (await MlflowAsync(HttpMethod.Get, $"logged-models/{modelId}", null))
            .GetProperty("model").GetProperty("info").GetProperty("status").GetString());
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public async Task Links_and_metrics_to_a_missing_model_are_refused_and_nothing_of_the_call_is_stored()
    {
        var experiment = await tracker.NewExperimentAsync("logged-model-missing");
        var run = (await Client.CreateRunAsync(experiment)).Info.RunId;
        var modelId = await CreateModelAsync(experiment, "m", "");

        await MlflowAsync(HttpMethod.Post, "runs/log-batch", $$"""
            {"run_id": "{{run}}", "metrics": [{"key": "a", "value": 1, "timestamp": 1, "model_id": "{{modelId}}"},
                                               {"key": "b", "value": 1, "timestamp": 1, "model_id": "m-missing"}]}
            """, HttpStatusCode.NotFound);
        await MlflowAsync(HttpMethod.Post, "runs/outputs", $$"""{"run_id": "{{run}}", "models": [{"model_id": "m-missing", "step": 0}]}""", HttpStatusCode.NotFound);
        await MlflowAsync(HttpMethod.Post, "runs/log-inputs", $$$"""
            {"run_id": "{{{run}}}", "models": [{"model_id": "m-missing"}],
             "datasets": [{"dataset": {"name": "d", "digest": "1", "source_type": "local", "source": "{}"}}]}
            """, HttpStatusCode.NotFound);
        await MlflowAsync(HttpMethod.Post, "runs/outputs", $$"""{"run_id": "{{run}}", "models": [{"model_id": "{{modelId}}"}]}""", HttpStatusCode.BadRequest);

        var stored = await Client.GetRunAsync(run);
        Assert.Empty(stored.Data.Metrics);
        Assert.Empty(stored.Inputs!.DatasetInputs);
        Assert.Empty(stored.Inputs.ModelInputs);
        Assert.Empty(stored.Outputs!.ModelOutputs);
        Assert.Empty((await MlflowAsync(HttpMethod.Get, $"logged-models/{modelId}", null)).GetProperty("model").GetProperty("data").GetProperty("metrics").EnumerateArray());
    }

    [Fact]
    public async Task Log_model_starts_a_new_history_when_a_client_left_something_else_in_its_tag()
    {
        var run = (await Client.CreateRunAsync(await tracker.NewExperimentAsync("log-model-history"))).Info.RunId;
        await Client.SetTagAsync(run, "mlflow.log-model.history", "not a JSON list");
        var modelJson = JsonSerializer.Serialize(new { run_id = run, artifact_path = "model", utc_time_created = "t", flavors = new { } });

        await MlflowAsync(HttpMethod.Post, "runs/log-model", JsonSerializer.Serialize(new { run_id = run, model_json = modelJson }));

        var history = (await Client.GetRunAsync(run)).Data.Tags.Single(t => t.Key == "mlflow.log-model.history").Value;
        Assert.Equal("model", Assert.Single(JsonDocument.Parse(history).RootElement.EnumerateArray()).GetProperty("artifact_path").GetString());
    }

    [Fact]
    public async Task A_run_lists_the_models_it_read()
    {
        var experiment = await tracker.NewExperimentAsync("logged-model-input");
        var run = (await Client.CreateRunAsync(experiment)).Info.RunId;
        var modelId = await CreateModelAsync(experiment, "teacher", "");

        await MlflowAsync(HttpMethod.Post, "runs/log-inputs", $$"""{"run_id": "{{run}}", "models": [{"model_id": "{{modelId}}"}]}""");

        Assert.Equal([new ModelInput(modelId)], (await Client.GetRunAsync(run)).Inputs!.ModelInputs);
    }

    private async Task<string> CreateModelAsync(string experiment, string name, string more) =>
        (await MlflowAsync(HttpMethod.Post, "logged-models", $$"""{"experiment_id": "{{experiment}}", "name": "{{name}}"{{more}} }"""))
            .GetProperty("model").GetProperty("info").GetProperty("model_id").GetString()!;

    private Task LogModelMetricAsync(string run, string modelId, double value, string dataset) =>
        MlflowAsync(HttpMethod.Post, "runs/log-metric", $$"""
            {"run_id": "{{run}}", "key": "val_map", "value": {{value}}, "timestamp": 5, "model_id": "{{modelId}}",
             "dataset_name": "{{dataset}}", "dataset_digest": "d-{{dataset}}"}
            """);

    private async Task<string[]> SearchAsync(string experiment, string? more) =>
        (await MlflowAsync(HttpMethod.Post, "logged-models/search", $$"""{"experiment_ids": ["{{experiment}}"]{{(more is null ? "" : "," + more)}} }"""))
            .GetProperty("models").EnumerateArray().Select(m => m.GetProperty("info").GetProperty("model_id").GetString()!).ToArray();

    private Task<JsonElement> MlflowAsync(HttpMethod method, string route, string? json, HttpStatusCode expected = HttpStatusCode.OK) =>
        tracker.MlflowAsync(method, route, json, expected);

    private async Task PutArtifactAsync(string path, string content)
    {
        using var response = await tracker.Http.PutAsync($"api/2.0/mlflow-artifacts/artifacts/{path}", new StringContent(content, Encoding.UTF8));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<string> RawAsync(HttpMethod method, string url)
    {
        using var response = await tracker.Http.SendAsync(new HttpRequestMessage(method, url));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {url}: {(int)response.StatusCode} {text}");
        return text;
    }
}
