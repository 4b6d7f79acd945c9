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

    // Experiment tracking (MLflow protocol) on http://localhost:5000.
    var tracking = builder.AddTrackingServer(infrastructure, trackingDb);

    // Front door and system of record: HTTP API, run state, pipeline orchestration, model registry.
    builder.AddProject<Projects.Aevlp_Registry>(RegistryResource.Name)
        .WithReference(registryDb).WaitFor(registryDb)
        .WithReference(infrastructure.Messaging).WaitFor(infrastructure.Messaging)
        .WithReference(infrastructure.Blobs).WaitFor(infrastructure.Blobs)
        .WithReference(tracking).WaitFor(tracking)
        .WithStableHttpEndpoint(builder.Configuration)
        .WithTrainDemoCommand();

    // Workers, each fed by RabbitMQ and reading/writing blob storage.
    builder.AddProject<Projects.Aevlp_PseudoLabeler>("pseudolabeler")   // teacher logits of every DAMP view, cached by key
        .WithReference(infrastructure.Messaging).WaitFor(infrastructure.Messaging)
        .WithReference(infrastructure.Blobs).WaitFor(infrastructure.Blobs)
        .WithHttpEndpoint().WithHttpHealthCheck("/health");

    builder.Build().Run();
    return 0;
}
catch (InfrastructureUnavailableException e)
{
    // One line that says what to do; a stack trace would bury it.
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
