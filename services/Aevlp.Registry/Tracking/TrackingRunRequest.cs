namespace Aevlp.Registry.Tracking;

/// <param name="Experiment">The MLflow experiment: the dataset's name.</param>
/// <param name="Params">The resolved config, one param per key (lists as JSON).</param>
/// <param name="Tags">Dataset version, teacher, code version, and a sweep's parent/child links.</param>
public sealed record TrackingRunRequest(Guid RunId, string Experiment, string RunName,
    IReadOnlyDictionary<string, string> Params, IReadOnlyDictionary<string, string> Tags);
