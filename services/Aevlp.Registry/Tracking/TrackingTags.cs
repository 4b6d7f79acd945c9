using System.Reflection;
using System.Text.Json.Nodes;
using Aevlp.Registry.Assets;
using Aevlp.Registry.Models;
using Aevlp.Tracking.Client.Protocol;

namespace Aevlp.Registry.Tracking;

/// <summary>Builds the tracking run of a registry run: params from the resolved config, tags naming what it
/// ran on. <c>mlflow.parentRunId</c> is MLflow's own tag for nesting a sweep's children under their parent.</summary>
public static class TrackingTags
{
    public static readonly string CodeVersion =
        typeof(TrackingTags).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>On a search parent: the search with every default filled in.</summary>
    public const string Search = "aevlp.search";

    /// <summary>On a pruned trial: the rung and the reason.</summary>
    public const string Pruned = "aevlp.pruned";

    /// <summary>On a search or sweep parent once it ends: its best trial's registry run id, tracking run id and metric.</summary>
    public const string BestTrial = "aevlp.best_trial", BestTrackingRun = "aevlp.best_tracking_run", BestMetric = "aevlp.best_metric";

    public static TrackingRunRequest For(RunRecord run, string? parentTrackingRunId, string manifestSha256)
    {
        var tags = new Dictionary<string, string>
        {
            ["aevlp.run_id"] = run.Id.ToString(),
            ["aevlp.dataset_version"] = run.DatasetReference,
            ["aevlp.code_version"] = CodeVersion,
        };
        // What the run actually used: a teacher only when it has a teacher stage, weights only when it starts from imported ones.
        var assets = run.UsedAssets;
        if (assets.Teacher is { } teacher) Add(tags, "aevlp.teacher", teacher);
        if (assets.Weights is { } weights) Add(tags, "aevlp.weights", weights);
        if (run.IsSweep) tags["aevlp.sweep"] = "parent";
        // A search with long choice lists can outgrow MLflow's tag limit; the registry's API always has it whole.
        if (run.Search is { Length: <= MlflowLimits.MaxTagValueLength } search) tags[Search] = search;
        if (parentTrackingRunId is not null) tags["mlflow.parentRunId"] = parentTrackingRunId;
        if (run.RequestedBy is not null) tags["mlflow.user"] = run.RequestedBy;
        var parameters = run.ConfigJson.ToDictionary(entry => entry.Key, entry => Text(entry.Value));
        return new TrackingRunRequest(run.Id, run.Dataset, run.Name ?? run.Id.ToString(), parameters, tags,
            new TrackedDataset(run.Dataset, run.DatasetVersion, manifestSha256));
    }

    private static void Add(Dictionary<string, string> tags, string key, AssetUse asset)
    {
        tags[key] = asset.Name;
        if (asset.Sha256 is not null) tags[key + "_sha256"] = asset.Sha256;
    }

    private static string Text(JsonNode? value) => value is JsonValue scalar && scalar.TryGetValue<string>(out var text) ? text : value?.ToJsonString() ?? "null";
}
