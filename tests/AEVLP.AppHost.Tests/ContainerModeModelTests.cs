using Aevlp.AppHost.Infrastructure;
using Aspire.Hosting.ApplicationModel;

namespace Aevlp.AppHost.Tests;

/// <summary>Container mode cannot run without a container runtime, so its app model is built and
/// inspected without starting anything.</summary>
public sealed class ContainerModeModelTests
{
    [Fact]
    public async Task Container_mode_uses_the_aspire_integrations_and_an_azurite_container()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AEVLP_AppHost>(["--Infrastructure:Mode=container"]);
        var resources = builder.Resources;

        Assert.IsType<PostgresServerResource>(resources.Single(r => r.Name == "postgres"));
        var registryDb = Assert.IsType<PostgresDatabaseResource>(resources.Single(r => r.Name == "registrydb"));
        Assert.Equal("postgres", registryDb.Parent.Name);
        Assert.IsType<PostgresDatabaseResource>(resources.Single(r => r.Name == "trackingdb"));
        Assert.IsType<RabbitMQServerResource>(resources.Single(r => r.Name == "messaging"));
        var blobs = Assert.IsType<AzuriteContainerResource>(resources.Single(r => r.Name == "blobs"));
        Assert.True(blobs.TryGetContainerImageName(out var image));
        Assert.Equal("mcr.microsoft.com/azure-storage/azurite:3.37.0", image);
        Assert.Contains("BlobEndpoint=http://127.0.0.1:", blobs.ConnectionStringExpression.ValueExpression);
        Assert.DoesNotContain(resources, r => r is ExecutableResource && !IsProjectHelper(r));
    }

    [Fact]
    public async Task Local_mode_runs_every_server_as_an_executable_with_a_connection_string()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AEVLP_AppHost>(
            ["--Infrastructure:Mode=local", $"--Infrastructure:DataDir={LocalAppHost.NewDataDir()}"]);
        var resources = builder.Resources;

        Assert.IsType<LocalPostgresResource>(resources.Single(r => r.Name == "postgres"));
        Assert.IsType<LocalRabbitMqResource>(resources.Single(r => r.Name == "messaging"));
        Assert.IsType<LocalAzuriteResource>(resources.Single(r => r.Name == "blobs"));
        Assert.All(resources.OfType<ExecutableResource>().Where(r => !IsProjectHelper(r)),
            r => Assert.True(r.TryGetAnnotationsOfType<HealthCheckAnnotation>(out _)));
    }

    // Aspire adds a rebuilder executable beside each project (the registry); infrastructure has none.
    private static bool IsProjectHelper(IResource resource) => resource is IResourceWithParent { Parent: ProjectResource };
}
