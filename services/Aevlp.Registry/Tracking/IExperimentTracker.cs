namespace Aevlp.Registry.Tracking;

/// <summary>Everything the registry tells the experiment tracker (MLflow protocol), in one place, so the
/// tracker's client is swapped behind it without touching the pipeline.</summary>
public interface IExperimentTracker
{
    /// <summary>Creates the tracking run of a registry run (status RUNNING) and returns its tracking run id.</summary>
    Task<string> CreateRunAsync(TrackingRunRequest request, CancellationToken ct);

    Task SetRunStatusAsync(string trackingRunId, TrackingRunStatus status, CancellationToken ct);

    /// <summary>Sets tags on a tracking run (a pruned trial's reason, a search's winner), all in one call.</summary>
    Task SetTagsAsync(string trackingRunId, IReadOnlyDictionary<string, string> tags, CancellationToken ct);

    /// <summary>Registers the run's model as a new version of <paramref name="modelName"/> in the tracker's
    /// model registry (creating the model when needed) and returns the tracker's version.</summary>
    Task<string> RegisterModelVersionAsync(string modelName, string trackingRunId, string modelSource, CancellationToken ct);

    /// <summary>Points <paramref name="alias"/> (e.g. <c>champion</c>) of the model at the version.</summary>
    Task SetAliasAsync(string modelName, string alias, string version, CancellationToken ct);
}
