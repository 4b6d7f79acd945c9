using System.Text.Json.Nodes;

namespace Aevlp.Registry.Configuration;

/// <summary>Rules between keys, checked only where each key on its own is valid (a bad key is reported
/// once, by its own rule).</summary>
internal static class ConfigCrossChecks
{
    public static IEnumerable<ConfigProblem> Check(JsonObject config, DatasetFacts dataset, Func<string, string> fieldName)
    {
        var classes = Integer(config, "num_classes");
        if (classes is { } declared && dataset.Classes is { } actual && declared != actual)
        {
            yield return new ConfigProblem(fieldName("num_classes"), $"got {declared}; dataset {dataset.Name} has {actual} classes");
        }
        if (Integer(config, "top_k") is { } topK && classes is { } c && topK > c)
        {
            yield return new ConfigProblem(fieldName("top_k"), $"got {topK}; expected an integer ≤ num_classes ({c})");
        }
        if (Integer(config, "linear_init") is { } headOnly && Integer(config, "num_epochs") is { } epochs && headOnly >= epochs)
        {
            yield return new ConfigProblem(fieldName("linear_init"), $"got {headOnly}; expected an integer < num_epochs ({epochs}): the GPR schedule needs an end-to-end epoch");
        }
        if (Numbers(config, "lam") is [var lambda1, var lambda2] && lambda1 < lambda2)
        {
            yield return new ConfigProblem(fieldName("lam"), $"got [{lambda1}, {lambda2}]; expected λ1 ≥ λ2 (pseudo-positive weights are clamped to [1−λ1, 1−λ2])");
        }
    }

    private static long? Integer(JsonObject config, string key) =>
        RunConfigSchema.Fields[key].Accepts(config[key]) ? ConfigRule.AsInteger(config[key]) : null;

    private static double[]? Numbers(JsonObject config, string key) =>
        RunConfigSchema.Fields[key].Accepts(config[key]) ? config[key]!.AsArray().Select(item => ConfigRule.AsNumber(item)!.Value).ToArray() : null;
}
