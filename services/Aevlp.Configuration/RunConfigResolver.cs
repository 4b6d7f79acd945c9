using System.Text.Json.Nodes;

namespace Aevlp.Configuration;

/// <summary>Builds a run's config: <see cref="RunConfigSchema.Defaults"/>, then each layer in order
/// (configs/{dataset}.json, the request's overrides, a sweep point), then checks every key and the rules
/// between keys, collecting every problem rather than stopping at the first. A key a layer sets that the run will
/// not use (the loss does not read it, the released code ignores it) is noted, never silently dropped.</summary>
public static class RunConfigResolver
{
    public static ConfigResolution Resolve(DatasetFacts dataset, params IEnumerable<ConfigLayer> layers)
    {
        var config = RunConfigSchema.Defaults();
        var fieldNames = new Dictionary<string, string>();
        var problems = new List<ConfigProblem>();
        var notes = new List<string>();
        foreach (var layer in layers)
        {
            Apply(layer, config, fieldNames, problems, notes);
        }
        config["dataset"] = dataset.Name;
        if (!config.ContainsKey("num_classes") && dataset.Classes is { } classes)
        {
            config["num_classes"] = classes;
        }
        string FieldName(string key) => fieldNames.GetValueOrDefault(key, $"config.{key}");
        problems.AddRange(CheckFields(config, dataset, FieldName));
        problems.AddRange(ConfigCrossChecks.Check(config, dataset, FieldName));
        if (problems.Count > 0) return new ConfigResolution(config, null, problems, notes, fieldNames);

        var run = RunConfig.From(config);
        notes.AddRange(UnusedNotes(run, fieldNames));
        return new ConfigResolution(config, run, problems, notes, fieldNames);
    }

    private static void Apply(ConfigLayer layer, JsonObject config, Dictionary<string, string> fieldNames,
        List<ConfigProblem> problems, List<string> notes)
    {
        foreach (var (key, value) in layer.Values)
        {
            if (RunConfigSchema.IgnoredReasons.TryGetValue(key, out var why))
            {
                notes.Add($"{layer.FieldName(key)} is ignored: {why}");
            }
            else if (!RunConfigSchema.Fields.ContainsKey(key))
            {
                var unknown = $"unknown key{KeySuggestion.For(key)}";
                if (layer.UnknownKeysAreProblems) problems.Add(new ConfigProblem(layer.FieldName(key), unknown));
                else notes.Add($"{layer.FieldName(key)}: {unknown}, ignored");
            }
            else
            {
                config[key] = value?.DeepClone();
                fieldNames[key] = layer.FieldName(key);
            }
        }
    }

    private static IEnumerable<ConfigProblem> CheckFields(JsonObject config, DatasetFacts dataset, Func<string, string> fieldName)
    {
        // A missing dataset is reported once, as itself, not again as its missing class count.
        if (!config.ContainsKey("num_classes") && dataset.Found)
        {
            yield return new ConfigProblem("config.num_classes", "missing and the dataset manifest lists no classes; expected an integer ≥ 1");
        }
        foreach (var (key, value) in config)
        {
            var rule = RunConfigSchema.Fields[key].Rule;
            if (!rule.Accepts(value))
            {
                yield return new ConfigProblem(fieldName(key), $"got {Describe(value)}; expected {rule.Expected}");
            }
        }
    }

    // Only keys a layer set: the defaults of every loss are always there and are no news.
    private static IEnumerable<string> UnusedNotes(RunConfig run, Dictionary<string, string> fieldNames) =>
        fieldNames.Where(field => field.Key != "dataset")
            .Select(field => (field.Value, Why: RunConfigSchema.Fields[field.Key].UnusedBecause(run)))
            .Where(field => field.Why is not null)
            .Select(field => $"{field.Value} has no effect: {field.Why}");

    /// <summary>The value as JSON and its JSON type, so "lr": "fast" reads <c>"fast" (a string)</c>.</summary>
    public static string Describe(JsonNode? value)
    {
        if (value is null) return "null";
        var json = value.ToJsonString();
        if (json.Length > 60) json = json[..57] + "…";
        return $"{json} ({JsonKinds.Name(value.GetValueKind())})";
    }
}
