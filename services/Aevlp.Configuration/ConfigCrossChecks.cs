using System.Text.Json.Nodes;

namespace Aevlp.Configuration;

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
        if (Integer(config, "sparse_topk") is { } sparse && classes is { } k && sparse > k)
        {
            yield return new ConfigProblem(fieldName("sparse_topk"), $"got {sparse}; expected an integer ≤ num_classes ({k})");
        }
        if (Integer(config, "linear_init") is { } headOnly && Integer(config, "num_epochs") is { } epochs && headOnly >= epochs)
        {
            yield return new ConfigProblem(fieldName("linear_init"), $"got {headOnly}; expected an integer < num_epochs ({epochs}): the GPR schedule needs an end-to-end epoch");
        }
        if (Numbers(config, "lam") is [var lambda1, var lambda2] && lambda1 < lambda2)
        {
            yield return new ConfigProblem(fieldName("lam"), $"got [{lambda1}, {lambda2}]; expected λ1 ≥ λ2 (pseudo-positive weights are clamped to [1−λ1, 1−λ2])");
        }
        if (Integer(config, "feat_dim") is { } width && Choice(config, "arch", ConfigNames.Architectures) is { } arch && width != arch.FeatureWidth())
        {
            yield return new ConfigProblem(fieldName("feat_dim"),
                $"got {width}; arch {ConfigNames.Architectures.Of(arch)} has {arch.FeatureWidth()} features (leave feat_dim out to take the backbone's)");
        }
        if (Choice(config, "loss", ConfigNames.Losses) == Loss.AnPl && Flag(config, "use_pl") == false)
        {
            yield return new ConfigProblem(fieldName("use_pl"), "got false; loss an_pl trains on pseudo-labels, so it needs use_pl true");
        }
    }

    private static long? Integer(JsonObject config, string key) => Valid(config, key) ? ConfigRule.AsInteger(config[key]) : null;

    private static bool? Flag(JsonObject config, string key) => Valid(config, key) ? config[key]!.GetValue<bool>() : null;

    private static T? Choice<T>(JsonObject config, string key, ConfigNames<T> names) where T : struct, Enum =>
        Valid(config, key) ? names.TryParse(ConfigRule.AsText(config[key])) : null;

    private static double[]? Numbers(JsonObject config, string key) =>
        Valid(config, key) ? config[key]!.AsArray().Select(item => ConfigRule.AsNumber(item)!.Value).ToArray() : null;

    private static bool Valid(JsonObject config, string key) => config.ContainsKey(key) && RunConfigSchema.Fields[key].Rule.Accepts(config[key]);
}
