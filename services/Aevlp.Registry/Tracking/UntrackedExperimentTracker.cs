namespace Aevlp.Registry.Tracking;

/// <summary>Stands in for the tracker until the MLflow client (services/Aevlp.Tracking.Client) is on this
/// branch: runs get the tracking id <c>untracked-{runId}</c> and nothing is sent anywhere.
/// TODO(tracking): replace with the MLflow-backed IExperimentTracker over Aevlp.Tracking.Client.</summary>
public sealed class UntrackedExperimentTracker(ILogger<UntrackedExperimentTracker> logger) : IExperimentTracker
{
    public Task<string> CreateRunAsync(TrackingRunRequest request, CancellationToken ct)
    {
        logger.LogWarning("No experiment tracker is wired yet; run {RunId} is not tracked", request.RunId);
        return Task.FromResult($"untracked-{request.RunId:N}");
    }

    public Task SetRunStatusAsync(string trackingRunId, TrackingRunStatus status, CancellationToken ct) => Task.CompletedTask;

    public Task<string> RegisterModelVersionAsync(string modelName, string trackingRunId, string modelSource, CancellationToken ct) =>
        Task.FromResult(trackingRunId);

    public Task SetAliasAsync(string modelName, string alias, string version, CancellationToken ct) => Task.CompletedTask;
}
