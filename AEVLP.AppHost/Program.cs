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

    // The HTTP APIs (tracker, registry) need the per-install API key, unless Security:OpenDevelopment=true.
    var security = ApiSecurity.From(builder, infrastructure);

    // Experiment tracking (MLflow protocol) on http://localhost:5000.
    var tracking = builder.AddTrackingServer(infrastructure, trackingDb, security);

    // Front door and system of record: HTTP API, run state, pipeline orchestration, model registry.
    builder.AddProject<Projects.Aevlp_Registry>(RegistryResource.Name)
        .WithReference(registryDb).WaitFor(registryDb)
        .WithReference(infrastructure.Messaging).WaitFor(infrastructure.Messaging)
        .WithReference(infrastructure.Blobs).WaitFor(infrastructure.Blobs)
        .WithReference(tracking).WaitFor(tracking).WithTrackerRunLinks(infrastructure)
        .WithApiSecurity(security)
        .WithStableHttpEndpoint(builder.Configuration)
        .WithTrainDemoCommand(security);

    // Workers: commands from RabbitMQ, data in blob storage. Pseudo-labeler replicas share teacher passes; trainer replicas compete for runs.
    builder.AddWorker<Projects.Aevlp_PseudoLabeler>("pseudolabeler", infrastructure)     // teacher logits of every DAMP view, cached
        .WithReplicas(Workers.PseudoLabelerReplicas(builder.Configuration));
    builder.AddWorker<Projects.Aevlp_Trainer>("trainer", infrastructure)                 // TorchSharp training, checkpoints, ONNX export
        .WithTracking(tracking, security)
        .WithReplicas(Workers.TrainerReplicas(builder.Configuration));
    builder.AddWorker<Projects.Aevlp_Evaluator>("evaluator", infrastructure)             // ONNX Runtime on the test split
        .WithTracking(tracking, security);

    builder.Build().Run();
    return 0;
}
catch (InfrastructureUnavailableException e)
{
    // One line that says what to do; a stack trace would bury it.
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
