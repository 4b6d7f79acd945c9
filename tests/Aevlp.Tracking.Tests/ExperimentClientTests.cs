using System.Net;
using Aevlp.Tracking.Client;
using Aevlp.Tracking.Client.Protocol;

namespace Aevlp.Tracking.Tests;

[Collection(TrackingCollection.Name)]
public sealed class ExperimentClientTests(TrackingFixture tracker)
{
    private MlflowClient Client => tracker.Client;

    [Fact]
    public async Task Default_experiment_zero_exists()
    {
        var experiment = await Client.GetExperimentAsync("0");

        Assert.Equal("Default", experiment.Name);
        Assert.Equal(LifecycleStage.Active, experiment.LifecycleStage);
    }

    [Fact]
    public async Task Create_get_and_get_by_name_return_the_same_experiment_with_its_tags()
    {
        var name = $"create-{Guid.NewGuid():N}";
        var id = await Client.CreateExperimentAsync(name, tags: [new ExperimentTag("owner", "tracking-tests")]);

        var byId = await Client.GetExperimentAsync(id);
        var byName = await Client.GetExperimentByNameAsync(name);

        Assert.Equal(name, byId.Name);
        Assert.Equal($"mlflow-artifacts:/{id}", byId.ArtifactLocation);
        Assert.Equal([new ExperimentTag("owner", "tracking-tests")], byId.Tags);
        Assert.Equivalent(byId, byName, strict: true);
    }

    [Fact]
    public async Task A_duplicate_name_is_resource_already_exists_and_a_missing_one_is_null_or_404()
    {
        var name = $"dup-{Guid.NewGuid():N}";
        await Client.CreateExperimentAsync(name);

        var duplicate = await Assert.ThrowsAsync<MlflowException>(() => Client.CreateExperimentAsync(name));
        var missing = await Assert.ThrowsAsync<MlflowException>(() => Client.GetExperimentAsync("987654321"));

        Assert.Equal((ErrorCodes.ResourceAlreadyExists, HttpStatusCode.BadRequest), (duplicate.ErrorCode, duplicate.StatusCode));
        Assert.Equal((ErrorCodes.ResourceDoesNotExist, HttpStatusCode.NotFound), (missing.ErrorCode, missing.StatusCode));
        Assert.Null(await Client.GetExperimentByNameAsync($"never-{Guid.NewGuid():N}"));
    }

    [Fact]
    public async Task Get_or_create_returns_one_id_even_when_callers_race()
    {
        var name = $"race-{Guid.NewGuid():N}";

        var ids = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Client.GetOrCreateExperimentAsync(name)));

        Assert.Single(ids.Distinct());
        Assert.Equal(ids[0], await Client.GetOrCreateExperimentAsync(name));
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("it's quoted")]
    [InlineData("percent% and_underscore")]
    public async Task Get_or_create_finds_an_existing_experiment_by_its_exact_name(string suffix)
    {
        var name = $"{Guid.NewGuid():N} {suffix}";
        var created = await Client.CreateExperimentAsync(name);
        await Client.CreateExperimentAsync(name + " longer");

        Assert.Equal(created, await Client.GetOrCreateExperimentAsync(name));
    }

    [Fact]
    public async Task Search_filters_by_name_and_tag_and_pages_with_tokens()
    {
        var prefix = $"search-{Guid.NewGuid():N}";
        foreach (var i in Enumerable.Range(0, 5))
            await Client.CreateExperimentAsync($"{prefix}-{i}", tags: [new ExperimentTag("parity", (i % 2).ToString())]);

        var names = new List<string>();
        string? token = null;
        do
        {
            var page = await Client.SearchExperimentsAsync(new SearchExperimentsRequest(
                MaxResults: 2, PageToken: token, Filter: $"name LIKE '{prefix}-%'", OrderBy: ["name ASC"]));
            Assert.True(page.Experiments.Count <= 2);
            names.AddRange(page.Experiments.Select(e => e.Name));
            token = page.NextPageToken;
        } while (token is not null);
        var odd = await Client.SearchExperimentsAsync(new SearchExperimentsRequest(Filter: $"name LIKE '{prefix}%' AND tags.parity = '1'"));

        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"{prefix}-{i}"), names);
        Assert.Equal([$"{prefix}-1", $"{prefix}-3"], odd.Experiments.Select(e => e.Name).Order());
    }
}
