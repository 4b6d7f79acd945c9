using Aspire.Hosting.ApplicationModel;
using Aevlp.AppHost.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace Aevlp.AppHost.Services;

/// <summary>The pipeline's workers: each takes its commands from RabbitMQ and reads and writes blob storage;
/// the trainer and evaluator also log to the tracker.</summary>
public static class Workers
{
    /// <summary>How many trainer processes this AppHost runs (they compete for TrainModel, one run each at a time).
    /// Trainers on other machines join with the same connection strings: README "Training runs, long runs and scaling out".</summary>
    public const string TrainerReplicasSetting = "Trainer:Replicas";

    /// <summary>How many pseudo-labeler processes this AppHost runs: they share each teacher pass chunk by chunk
    /// (docs/pseudo-labels.md "One pass, many replicas").</summary>
    public const string PseudoLabelerReplicasSetting = "PseudoLabeler:Replicas";

    public static IResourceBuilder<ProjectResource> AddWorker<TProject>(this IDistributedApplicationBuilder builder, string name,
        PlatformInfrastructure infrastructure) where TProject : IProjectMetadata, new() =>
        builder.AddProject<TProject>(name)
            .WithReference(infrastructure.Messaging).WaitFor(infrastructure.Messaging)
            .WithReference(infrastructure.Blobs).WaitFor(infrastructure.Blobs)
            .WithHttpEndpoint().WithHttpHealthCheck("/health");

    /// <summary>The tracker's address and the API key the worker's MLflow client sends.</summary>
    public static IResourceBuilder<ProjectResource> WithTracking(this IResourceBuilder<ProjectResource> worker,
        IResourceBuilder<IResourceWithServiceDiscovery> tracking, ApiSecurity security) =>
        worker.WithReference(tracking).WaitFor(tracking).WithApiKey(security);

    public static int TrainerReplicas(IConfiguration configuration) => Replicas(configuration, TrainerReplicasSetting);

    public static int PseudoLabelerReplicas(IConfiguration configuration) => Replicas(configuration, PseudoLabelerReplicasSetting);

    private static int Replicas(IConfiguration configuration, string setting) => Math.Max(1, configuration.GetValue(setting, 1));
}
