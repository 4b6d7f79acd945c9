using Aevlp.AppHost.Infrastructure;
using Aevlp.AppHost.Services;

// The architecture of the platform, read top to bottom. See DESIGN.md and README.md.
try
{
    var builder = DistributedApplication.CreateBuilder(args);

    // Stateful services: local servers on 127.0.0.1, or containers when a runtime answers.
    var infrastructure = builder.AddPlatformInfrastructure();
    var trackingDb = infrastructure.AddDatabase("trackingdb");
    var registryDb = infrastructure.AddDatabase("registrydb");

    // Front door and system of record: HTTP API, run state, pipeline orchestration, model registry.
    builder.AddProject<Projects.Aevlp_Registry>(RegistryResource.Name)
        .WithReference(registryDb).WaitFor(registryDb)
        .WithReference(infrastructure.Messaging).WaitFor(infrastructure.Messaging)
        .WithReference(infrastructure.Blobs).WaitFor(infrastructure.Blobs)
        .WithStableHttpEndpoint(builder.Configuration)
        .WithTrainDemoCommand();

    builder.Build().Run();
    return 0;
}
catch (InfrastructureUnavailableException e)
{
    // One line that says what to do; a stack trace would bury it.
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
