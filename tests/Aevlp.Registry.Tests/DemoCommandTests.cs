using System.Net.Http.Json;
using Aevlp.AppHost.Services;
using Aevlp.Registry.Api;
using Aevlp.Registry.Tests.Support;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Aevlp.Registry.Tests;

/// <summary>The dashboard's "Train demo model" button on the registry resource.</summary>
[Collection(RegistryCollection.Name)]
public sealed class DemoCommandTests(RegistryFixture fixture)
{
    private readonly RegistryClient registry = new(fixture);

    [Fact]
    public async Task Train_demo_model_starts_a_fashion_mosaic_run_from_its_config_file()
    {
        await registry.AddDatasetAsync("fashion-mosaic", classes: 10);

        var result = await fixture.App.Services.GetRequiredService<ResourceCommandService>()
            .ExecuteCommandAsync(RegistryResource.Name, "train-demo");

        Assert.True(result.Success, result.Message);
        var page = (await fixture.Http.GetFromJsonAsync<PaginatedItems<RunSummary>>("/api/runs"))!;
        var demo = await registry.GetRunAsync(page.Data.First(run => run.Dataset == "fashion-mosaic").Id);
        Assert.Equal(("demo", "resnet18-dnn", 2), (demo.Run.Name, demo.Config["arch"]!.GetValue<string>(), demo.Config["grid_size"]!.GetValue<int>()));
    }
}
