using System.Reflection;
using System.Text.Json.Nodes;
using Aevlp.Registry.Models;

namespace Aevlp.Registry.Tracking;

/// <summary>Builds the tracking run of a registry run: params from the resolved config, tags naming what it
/// ran on. <c>mlflow.parentRunId</c> is MLflow's own tag for nesting a sweep's children under their parent.</summary>
public static class TrackingTags
{
    public static readonly string CodeVersion =
        typeof(TrackingTags).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public static TrackingRunRequest For(RunRecord run, string? parentTrackingRunId)
    {
        var config = run.ResolvedConfig;
        var tags = new Dictionary<string, string>
        {
            ["aevlp.run_id"] = run.Id.ToString(),
            ["aevlp.dataset_version"] = run.DatasetReference,
            ["aevlp.teacher"] = config.Teacher,
            ["aevlp.code_version"] = CodeVersion,
        };
        if (run.IsSweep) tags["aevlp.sweep"] = "parent";
        if (parentTrackingRunId is not null) tags["mlflow.parentRunId"] = parentTrackingRunId;
        if (run.RequestedBy is not null) tags["mlflow.user"] = run.RequestedBy;
        var parameters = config.Values.ToDictionary(entry => entry.Key, entry => Text(entry.Value));
        return new TrackingRunRequest(run.Id, run.Dataset, run.Name ?? run.Id.ToString(), parameters, tags);
    }

    private static string Text(JsonNode? value) => value is JsonValue scalar && scalar.TryGetValue<string>(out var text) ? text : value?.ToJsonString() ?? "null";
}
