namespace Aevlp.Registry.Tracking;

/// <param name="Experiment">The MLflow experiment: the dataset's name.</param>
/// <param name="Params">The resolved config, one param per key (lists as JSON).</param>
/// <param name="Tags">Dataset version, teacher, code version, and a sweep's parent/child links.</param>
/// <param name="Dataset">The dataset version the run trains on, logged as the tracking run's input.</param>
public sealed record TrackingRunRequest(Guid RunId, string Experiment, string RunName,
    IReadOnlyDictionary<string, string> Params, IReadOnlyDictionary<string, string> Tags, TrackedDataset Dataset);

/// <param name="ManifestSha256">The SHA-256 of the version's manifest.json, which lists the hash of every file of it.</param>
public sealed record TrackedDataset(string Name, string Version, string ManifestSha256);
