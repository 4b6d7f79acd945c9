using Aspire.Hosting.ApplicationModel;

namespace Aevlp.AppHost.Tests;

/// <summary>How the AppHost wires the registry, read from the app model without starting anything.</summary>
public sealed class RegistryResourceModelTests
{
    [Fact]
    public async Task The_registry_waits_for_its_infrastructure_listens_on_5100_and_offers_the_demo_command()
    {
        var registry = await RegistryAsync();

        Assert.Equal(5100, Assert.Single(registry.Annotations.OfType<EndpointAnnotation>()).Port);
        Assert.Equal(["blobs", "messaging", "postgres", "registrydb", "tracking"], registry.Annotations.OfType<WaitAnnotation>().Select(w => w.Resource.Name).Order());
        Assert.Contains(registry.Annotations.OfType<ResourceCommandAnnotation>(), c => c is { Name: "train-demo", DisplayName: "Train demo model" });
    }

    [Fact]
    public async Task The_registry_port_is_a_setting()
    {
        var registry = await RegistryAsync("--Registry:HttpPort=5199");

        Assert.Equal(5199, Assert.Single(registry.Annotations.OfType<EndpointAnnotation>()).Port);
    }

    private static async Task<ProjectResource> RegistryAsync(params string[] args)
    {
        using var dataDir = new TestFolder();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AEVLP_AppHost>(
            ["--Infrastructure:Mode=local", $"--Infrastructure:DataDir={dataDir}", .. args]);
        return Assert.IsType<ProjectResource>(builder.Resources.Single(r => r.Name == "registry"));
    }
}
