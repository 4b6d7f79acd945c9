using System.Net.Http.Json;
using Aevlp.Contracts;
using Aevlp.Registry.Api;
using Aevlp.Registry.Tests.Support;

namespace Aevlp.Registry.Tests;

/// <summary>Each evaluated run becomes a version of its dataset's model; the champion alias moves only to a
/// version with a higher test mAP.</summary>
[Collection(RegistryCollection.Name)]
public sealed class ModelRegistryTests(RegistryFixture fixture)
{
    private readonly RegistryClient registry = new(fixture);
    private readonly Workers workers = new(fixture);

    [Fact]
    public async Task A_higher_test_map_takes_the_champion_alias_and_a_lower_one_does_not()
    {
        var dataset = await registry.NewDatasetAsync();

        var first = await RegisterAsync(dataset, testMap: 60);
        var better = await RegisterAsync(dataset, testMap: 70);
        var worse = await RegisterAsync(dataset, testMap: 65);

        Assert.Equal([("1", true), ("2", true), ("3", false)], new[] { first, better, worse }.Select(m => (m.Version, m.IsChampion)));
        var versions = (await fixture.Http.GetFromJsonAsync<List<ModelVersion>>($"/api/models/{dataset}/versions"))!;
        Assert.Equal([(3, false), (2, true), (1, false)], versions.Select(v => (v.Version, v.IsChampion)));
        Assert.Equal(70, versions.Single(v => v.IsChampion).TestMap);
        var models = (await fixture.Http.GetFromJsonAsync<List<ModelSummary>>("/api/models"))!;
        Assert.Equal((3, 2, 70.0), models.Where(m => m.Name == dataset).Select(m => (m.Versions, m.ChampionVersion, m.ChampionTestMap!.Value)).Single());
    }

    private async Task<ModelRegistered> RegisterAsync(string dataset, double testMap)
    {
        var runId = await registry.StartRunAsync(new { dataset });
        await workers.CompleteAsync(runId, testMap);
        return await fixture.Messages.WaitForAsync<ModelRegistered>(m => m.RunId == runId);
    }
}
