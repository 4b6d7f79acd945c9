using Aevlp.Testing;
using Aevlp.AppHost.Infrastructure;
using Aevlp.AppHost.Services;
using Aspire.Hosting;
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
        Assert.DoesNotContain(LocalServers(resources), _ => true);
    }

    [Fact]
    public async Task Container_mode_tracks_experiments_with_the_official_mlflow_server_on_port_5000()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AEVLP_AppHost>(["--Infrastructure:Mode=container"]);

        var tracking = Assert.IsType<MlflowContainerResource>(builder.Resources.Single(r => r.Name == "tracking"));
        Assert.True(tracking.TryGetContainerImageName(out var image));
        Assert.Equal($"ghcr.io/mlflow/mlflow:{TrackingServer.MlflowTag}", image);
        var args = await ArgsAsync(tracking);
        Assert.Equal(["mlflow", "server"], args[..2]);
        Assert.Contains("--serve-artifacts", args);
        Assert.Contains("sqlite:////mlflow/mlflow.db", args);
        Assert.Contains(tracking.Annotations.OfType<ContainerMountAnnotation>(), m => m.Target == "/mlflow");
        var endpoint = Assert.Single(tracking.Annotations.OfType<EndpointAnnotation>());
        Assert.Equal((5000, 5000), (endpoint.Port, endpoint.TargetPort));
        // MLflow's UI routes in the URL's fragment, so the registry's links.trackerRunUrl must too.
        var registry = builder.Resources.Single(r => r.Name == RegistryResource.Name);
        Assert.Equal("#/runs/", (await ResourceModel.EnvironmentAsync(registry))["Registry__TrackerRunPath"]);
    }

    [Fact]
    public async Task Local_mode_runs_the_tracking_project_on_port_5000_with_its_database_and_blobs()
    {
        using var dataDir = new TestFolder();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AEVLP_AppHost>(
            ["--Infrastructure:Mode=local", $"--Infrastructure:DataDir={dataDir}"]);

        var tracking = Assert.IsType<ProjectResource>(builder.Resources.Single(r => r.Name == "tracking"));
        var endpoint = Assert.Single(tracking.Annotations.OfType<EndpointAnnotation>());
        Assert.Equal(("http", 5000, false), (endpoint.Name, endpoint.Port, endpoint.IsProxied));
        var waitsFor = tracking.Annotations.OfType<WaitAnnotation>().Select(w => w.Resource.Name);
        Assert.Contains("trackingdb", waitsFor);
        Assert.Contains("blobs", waitsFor);
        Assert.True(tracking.TryGetAnnotationsOfType<HealthCheckAnnotation>(out _));
    }

    private static async Task<string[]> ArgsAsync(IResource resource)
    {
        var args = new List<object>();
        foreach (var callback in resource.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
            await callback.Callback(new CommandLineArgsCallbackContext(args, resource));
        return args.Select(a => a.ToString()!).ToArray();
    }

    [Fact]
    public async Task Local_mode_runs_every_server_as_an_executable_with_a_connection_string()
    {
        using var dataDir = new TestFolder();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AEVLP_AppHost>(
            ["--Infrastructure:Mode=local", $"--Infrastructure:DataDir={dataDir}"]);
        var resources = builder.Resources;

        Assert.IsType<LocalPostgresResource>(resources.Single(r => r.Name == "postgres"));
        Assert.IsType<LocalRabbitMqResource>(resources.Single(r => r.Name == "messaging"));
        Assert.IsType<LocalAzuriteResource>(resources.Single(r => r.Name == "blobs"));
        Assert.All(LocalServers(resources), r => Assert.True(r.TryGetAnnotationsOfType<HealthCheckAnnotation>(out _)));
    }

    /// <summary>Executables that are servers. Aspire adds a child executable per service project (its rebuilder),
    /// which is neither a server nor health-checked.</summary>
    private static IEnumerable<ExecutableResource> LocalServers(IResourceCollection resources) =>
        resources.OfType<ExecutableResource>().Where(r => r is not IResourceWithParent);
}
