using System.Net;
using System.Text.Json;
using Aevlp.Tracking.Client;
using Aevlp.Tracking.Client.Protocol;

namespace Aevlp.Tracking.Tests;

/// <summary>MLflow's DeleteExperimentTag, DeleteRegisteredModelTag, DeleteModelVersionTag and GetLatestVersions, sent as
/// MLflow's Python client sends them (its RestStore: POST or DELETE with a JSON body; GET with the query string), and
/// answered as MLflow's server answers them, missing entities and missing tags included.</summary>
[Collection(TrackingCollection.Name)]
[Trait("Category", "BadInput")]
public sealed class TagDeleteAndLatestVersionsTests(TrackingFixture tracker)
{
    private MlflowClient Client => tracker.Client;

    [Fact]
    public async Task An_experiment_tag_is_deleted_and_a_missing_one_is_resource_does_not_exist()
    {
        var experiment = await tracker.NewExperimentAsync("tag-delete");
        foreach (var (key, value) in new[] { ("purpose", "gone soon"), ("kept", "yes") })
        {
            await SendAsync(HttpMethod.Post, "experiments/set-experiment-tag", new { experiment_id = experiment, key, value }, HttpStatusCode.OK);
        }

        await SendAsync(HttpMethod.Post, "experiments/delete-experiment-tag", new { experiment_id = experiment, key = "purpose" }, HttpStatusCode.OK);
        var again = await SendAsync(HttpMethod.Post, "experiments/delete-experiment-tag", new { experiment_id = experiment, key = "purpose" }, HttpStatusCode.NotFound);
        var noExperiment = await SendAsync(HttpMethod.Post, "experiments/delete-experiment-tag", new { experiment_id = "987654321", key = "kept" }, HttpStatusCode.NotFound);

        Assert.Equal([new ExperimentTag("kept", "yes")], (await Client.GetExperimentAsync(experiment)).Tags);
        Assert.Equal(ErrorCodes.ResourceDoesNotExist, ErrorCode(again));
        Assert.Contains("No tag with name: purpose", Message(again));
        Assert.Equal(ErrorCodes.ResourceDoesNotExist, ErrorCode(noExperiment));
    }

    [Fact]
    public async Task Model_and_version_tags_are_deleted_and_a_missing_tag_is_no_error_but_a_missing_model_is()
    {
        var name = $"tags-{Guid.NewGuid():N}";
        await Client.CreateRegisteredModelAsync(name, tags: [new RegisteredModelTag("task", "spml"), new RegisteredModelTag("owner", "me")]);
        await Client.CreateModelVersionAsync(name, "mlflow-artifacts:/x", tags: [new ModelVersionTag("teacher", "clip"), new ModelVersionTag("kept", "yes")]);

        await SendAsync(HttpMethod.Delete, "registered-models/delete-tag", new { name, key = "task" }, HttpStatusCode.OK);
        await SendAsync(HttpMethod.Delete, "registered-models/delete-tag", new { name, key = "task" }, HttpStatusCode.OK);
        await SendAsync(HttpMethod.Delete, "model-versions/delete-tag", new { name, version = "1", key = "teacher" }, HttpStatusCode.OK);
        await SendAsync(HttpMethod.Delete, "model-versions/delete-tag", new { name, version = "1", key = "teacher" }, HttpStatusCode.OK);
        var noModel = await SendAsync(HttpMethod.Delete, "registered-models/delete-tag", new { name = name + "-none", key = "task" }, HttpStatusCode.NotFound);
        var noVersion = await SendAsync(HttpMethod.Delete, "model-versions/delete-tag", new { name, version = "7", key = "kept" }, HttpStatusCode.NotFound);
        var noKey = await SendAsync(HttpMethod.Delete, "model-versions/delete-tag", new { name, version = "1" }, HttpStatusCode.BadRequest);

        Assert.Equal([new RegisteredModelTag("owner", "me")], (await Client.GetRegisteredModelAsync(name)).Tags);
        Assert.Equal([new ModelVersionTag("kept", "yes")], (await Client.GetModelVersionAsync(name, "1")).Tags);
        Assert.Equal(ErrorCodes.ResourceDoesNotExist, ErrorCode(noModel));
        Assert.Equal(ErrorCodes.ResourceDoesNotExist, ErrorCode(noVersion));
        Assert.Equal(ErrorCodes.InvalidParameterValue, ErrorCode(noKey));
    }

    [Fact]
    public async Task Latest_versions_are_the_newest_per_stage_filtered_by_stages_in_any_case()
    {
        var name = $"latest-{Guid.NewGuid():N}";
        await Client.CreateRegisteredModelAsync(name);
        foreach (var _ in Enumerable.Range(0, 4)) await Client.CreateModelVersionAsync(name, "mlflow-artifacts:/x");
        foreach (var (version, stage) in new[] { ("1", ModelStage.Production), ("2", ModelStage.Staging), ("3", ModelStage.Staging) })
        {
            await SendAsync(HttpMethod.Post, "model-versions/transition-stage",
                new { name, version, stage, archive_existing_versions = false }, HttpStatusCode.OK);
        }

        var all = await LatestAsync(HttpMethod.Post, new { name });
        var production = await LatestAsync(HttpMethod.Post, new { name, stages = new[] { "production" } });
        var viaGet = await LatestAsync(HttpMethod.Get, null, $"?name={name}&stages=Staging&stages=None");
        var badStage = await SendAsync(HttpMethod.Post, "registered-models/get-latest-versions", new { name, stages = new[] { "Live" } }, HttpStatusCode.BadRequest);
        var noModel = await SendAsync(HttpMethod.Post, "registered-models/get-latest-versions", new { name = name + "-none" }, HttpStatusCode.NotFound);

        Assert.Equal([("1", ModelStage.Production), ("3", ModelStage.Staging), ("4", ModelStage.None)], Versions(all).Order());
        Assert.Equal([("1", ModelStage.Production)], Versions(production));
        Assert.Equal([("3", ModelStage.Staging), ("4", ModelStage.None)], Versions(viaGet).Order());
        Assert.Equal(ErrorCodes.InvalidParameterValue, ErrorCode(badStage));
        Assert.Equal(ErrorCodes.ResourceDoesNotExist, ErrorCode(noModel));
    }

    private async Task<GetLatestVersionsResponse> LatestAsync(HttpMethod method, object? body, string query = "")
    {
        var json = await SendAsync(method, "registered-models/get-latest-versions" + query, body, HttpStatusCode.OK);
        return json.Deserialize<GetLatestVersionsResponse>(MlflowJson.Options)!;
    }

    private static IEnumerable<(string, string)> Versions(GetLatestVersionsResponse response) =>
        response.ModelVersions.Select(v => (v.Version, v.CurrentStage));

    private Task<JsonElement> SendAsync(HttpMethod method, string route, object? body, HttpStatusCode expected) =>
        tracker.MlflowAsync(method, route, body is null ? null : JsonSerializer.Serialize(body), expected);

    private static string? ErrorCode(JsonElement error) => error.GetProperty("error_code").GetString();

    private static string? Message(JsonElement error) => error.GetProperty("message").GetString();
}
