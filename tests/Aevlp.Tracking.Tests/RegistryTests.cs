using System.Net;
using Aevlp.Tracking.Client;
using Aevlp.Tracking.Client.Protocol;

namespace Aevlp.Tracking.Tests;

[Collection(TrackingCollection.Name)]
public sealed class RegistryTests(TrackingFixture tracker)
{
    private MlflowClient Client => tracker.Client;

    [Fact]
    public async Task Versions_are_numbered_per_model_and_carry_tags_and_aliases()
    {
        var name = $"model-{Guid.NewGuid():N}";
        var run = (await Client.CreateRunAsync(await tracker.NewExperimentAsync("registry"))).Info;
        await Client.CreateRegisteredModelAsync(name, "multi-label classifier", [new RegisteredModelTag("task", "spml")]);

        var v1 = await Client.CreateModelVersionAsync(name, $"runs:/{run.RunId}/model", run.RunId);
        var v2 = await Client.CreateModelVersionAsync(name, "mlflow-artifacts:/elsewhere/model", tags: [new ModelVersionTag("teacher", "clip")]);
        await Client.SetModelVersionTagAsync(name, "1", "validated", "yes");
        await Client.SetRegisteredModelTagAsync(name, "owner", "tracking-tests");
        await Client.SetAliasAsync(name, "champion", "1");
        await Client.SetAliasAsync(name, "challenger", "2");
        var champion = await Client.GetModelVersionByAliasAsync(name, "champion");
        var model = await Client.GetRegisteredModelAsync(name);
        var versions = await Client.SearchModelVersionsAsync($"name = '{name}'");
        var byRun = await Client.SearchModelVersionsAsync($"run_id = '{run.RunId}'");

        Assert.Equal(("1", "2"), (v1.Version, v2.Version));
        Assert.Equal(("1", "READY", ModelStage.None), (champion.Version, champion.Status, champion.CurrentStage));
        Assert.Equal(["champion"], champion.Aliases);
        Assert.Contains(new ModelVersionTag("validated", "yes"), champion.Tags);
        Assert.Equal("multi-label classifier", model.Description);
        Assert.Equal([new RegisteredModelAlias("challenger", "2"), new RegisteredModelAlias("champion", "1")], model.Aliases);
        Assert.Equal([new RegisteredModelTag("owner", "tracking-tests"), new RegisteredModelTag("task", "spml")], model.Tags);
        Assert.Equal(["2", "1"], versions.ModelVersions.Select(v => v.Version));
        Assert.Equal("1", Assert.Single(byRun.ModelVersions).Version);
        Assert.Equal($"{run.ArtifactUri}/model", await Client.GetModelVersionDownloadUriAsync(name, "1"));
        Assert.Equal("mlflow-artifacts:/elsewhere/model", await Client.GetModelVersionDownloadUriAsync(name, "2"));
    }

    [Fact]
    public async Task Searches_leave_prompts_out_unless_the_filter_asks_for_them_as_mlflow_does()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        string model = $"model-{id}", prompt = $"prompt-{id}", ours = $"name LIKE '%-{id}'";
        await Client.CreateRegisteredModelAsync(model);
        await Client.CreateModelVersionAsync(model, "mlflow-artifacts:/m");
        await Client.CreateRegisteredModelAsync(prompt, tags: [new RegisteredModelTag("mlflow.prompt.is_prompt", "true")]);
        await Client.CreateModelVersionAsync(prompt, "mlflow-artifacts:/p", tags: [new ModelVersionTag("mlflow.prompt.is_prompt", "true")]);

        // What MLflow's Python client adds to every search_registered_models and search_model_versions.
        const string NotPrompts = "tag.`mlflow.prompt.is_prompt` != 'true'";
        Assert.Equal([model], await NamesAsync("registered-models", $"{ours} AND {NotPrompts}"));
        Assert.Equal([model], await NamesAsync("registered-models", ours));
        Assert.Equal([prompt], await NamesAsync("registered-models", $"{ours} AND tags.`mlflow.prompt.is_prompt` = 'true'"));
        Assert.Equal([prompt], await NamesAsync("registered-models", $"{ours} AND tags.`mlflow.prompt.is_prompt` != 'false'"));
        Assert.Equal([model], await NamesAsync("model-versions", $"{ours} AND {NotPrompts}"));
        Assert.Equal([prompt], await NamesAsync("model-versions", $"{ours} AND tags.`mlflow.prompt.is_prompt` = 'true'"));
    }

    /// <summary>The names a registry search answers, asked as MLflow's Python client asks: GET with the filter in the query.</summary>
    private async Task<string[]> NamesAsync(string entity, string filter)
    {
        var answer = await tracker.MlflowAsync(HttpMethod.Get, $"{entity}/search?filter={Uri.EscapeDataString(filter)}", null, HttpStatusCode.OK);
        var list = entity == "registered-models" ? "registered_models" : "model_versions";
        return answer.TryGetProperty(list, out var found) ? found.EnumerateArray().Select(e => e.GetProperty("name").GetString()!).ToArray() : [];
    }

    [Fact]
    public async Task A_deleted_alias_no_longer_resolves()
    {
        var name = $"alias-{Guid.NewGuid():N}";
        await Client.CreateRegisteredModelAsync(name);
        await Client.CreateModelVersionAsync(name, "mlflow-artifacts:/x");
        await Client.SetAliasAsync(name, "prod", "1");

        await Client.DeleteAliasAsync(name, "prod");

        var error = await Assert.ThrowsAsync<MlflowException>(() => Client.GetModelVersionByAliasAsync(name, "prod"));
        Assert.Equal((ErrorCodes.ResourceDoesNotExist, HttpStatusCode.NotFound), (error.ErrorCode, error.StatusCode));
        Assert.Empty((await Client.GetRegisteredModelAsync(name)).Aliases);
    }

    [Fact]
    public async Task Registry_errors_are_mlflow_errors()
    {
        var name = $"errors-{Guid.NewGuid():N}";
        await Client.CreateRegisteredModelAsync(name);

        var duplicate = await Assert.ThrowsAsync<MlflowException>(() => Client.CreateRegisteredModelAsync(name));
        var noModel = await Assert.ThrowsAsync<MlflowException>(() => Client.CreateModelVersionAsync($"none-{Guid.NewGuid():N}", "s"));
        var noVersion = await Assert.ThrowsAsync<MlflowException>(() => Client.GetModelVersionAsync(name, "7"));
        var aliasToNothing = await Assert.ThrowsAsync<MlflowException>(() => Client.SetAliasAsync(name, "a", "3"));
        var badVersion = await Assert.ThrowsAsync<MlflowException>(() => Client.GetModelVersionAsync(name, "one"));

        Assert.Equal(ErrorCodes.ResourceAlreadyExists, duplicate.ErrorCode);
        Assert.All([noModel, noVersion, aliasToNothing], e => Assert.Equal(ErrorCodes.ResourceDoesNotExist, e.ErrorCode));
        Assert.Equal(ErrorCodes.InvalidParameterValue, badVersion.ErrorCode);
        Assert.Contains("version", badVersion.ServerMessage);
    }
}
