using System.Text.Json.Nodes;

namespace Aevlp.Configuration.Search;

/// <summary>Reads a request's <c>search</c> object, listing every problem (unknown keys, empty ranges, keys that are not
/// config keys, values a key's rule refuses) so a user fixes them in one go. A value a key's rule may refuse only for some
/// draws (12.4 for an integer key) is caught when each trial's config is resolved.</summary>
public static class SearchSpecReader
{
    private static readonly string[] TopKeys = ["method", "trials", "maxConcurrent", "metric", "mode", "seed", "space", "earlyStopping"];
    private static readonly string[] StoppingKeys = ["type", "gracePeriod", "reductionFactor"];
    private static readonly string[] RangeKinds = ["choice", "uniform", "logUniform"];

    /// <param name="againstSchema">False to read a search stored earlier: its keys and values were checked when it was
    /// accepted, and a later schema (a renamed key, a tighter rule) must not make a running search unreadable.</param>
    /// <returns>The search, or null when <paramref name="problems"/> gained any.</returns>
    public static SearchSpec? Read(JsonObject search, List<ConfigProblem> problems, bool againstSchema = true)
    {
        var before = problems.Count;
        Unknown(search, TopKeys, "search", problems);
        var method = Enum(search, "method", SearchMethod.Random, SearchNames.Of, problems);
        var metric = Enum(search, "metric", SearchMetric.ValMap, SearchNames.Of, problems);
        var mode = Enum(search, "mode", metric == SearchMetric.ValMap ? SearchMode.Max : SearchMode.Min, SearchNames.Of, problems);
        var seed = Integer(search, "search", "seed", 0, min: 0, problems);
        var space = Space(search["space"], problems, againstSchema);
        var trials = Trials(search, method, space, problems);
        var maxConcurrent = Integer(search, "search", "maxConcurrent", trials, min: 1, problems);
        var stopping = Stopping(search["earlyStopping"], problems);
        return problems.Count > before ? null : new SearchSpec(method, trials, maxConcurrent, metric, mode, seed, space, stopping);
    }

    private static int Trials(JsonObject search, SearchMethod method, IReadOnlyDictionary<string, ParameterRange> space,
        List<ConfigProblem> problems)
    {
        if (method == SearchMethod.Random)
        {
            if (search["trials"] is null) problems.Add(new("search.trials", $"missing; a random search needs a number of trials (1 to {SearchSpec.MaxTrials})"));
            return Integer(search, "search", "trials", 1, min: 1, problems, max: SearchSpec.MaxTrials);
        }
        var continuous = space.Where(entry => entry.Value.GridValues is null).Select(entry => entry.Key).ToList();
        if (continuous.Count > 0)
        {
            problems.Add(new("search.method", $"grid needs a choice list for every key; {string.Join(", ", continuous)} {(continuous.Count == 1 ? "is a range" : "are ranges")}: use random"));
            return 1;
        }
        var combinations = space.Values.Aggregate(1L, (product, range) => product * range.GridValues!.Count);
        if (combinations > SearchSpec.MaxTrials) problems.Add(new("search.space", $"{combinations} combinations; a grid may have at most {SearchSpec.MaxTrials}"));
        if (search["trials"] is { } given && ConfigRule.AsInteger(given) != combinations)
        {
            problems.Add(new("search.trials", $"got {RunConfigResolver.Describe(given)}; a grid tries every combination ({combinations}): leave trials out"));
        }
        return (int)Math.Min(combinations, SearchSpec.MaxTrials);
    }

    private static Dictionary<string, ParameterRange> Space(JsonNode? node, List<ConfigProblem> problems, bool againstSchema)
    {
        var space = new Dictionary<string, ParameterRange>(StringComparer.Ordinal);
        if (node is not JsonObject keys || keys.Count == 0)
        {
            problems.Add(new("search.space", $"got {RunConfigResolver.Describe(node)}; expected an object of config keys, each with a choice, uniform or logUniform"));
            return space;
        }
        foreach (var (key, spec) in keys)
        {
            var field = $"search.space.{key}";
            var configKey = RunConfigSchema.Fields.GetValueOrDefault(key);
            if (againstSchema && (configKey is null || key == "dataset"))
            {
                problems.Add(new(field, $"not a config key that can be searched{KeySuggestion.For(key)}"));
                continue;
            }
            if (Range(spec, field, problems) is not { } range) continue;
            if (againstSchema)
            {
                foreach (var value in range.ValuesToCheck.Where(value => !configKey!.Rule.Accepts(value)))
                {
                    problems.Add(new(field, $"{RunConfigResolver.Describe(value)} is refused by {key}: expected {configKey!.Rule.Expected}"));
                }
            }
            space[key] = range;
        }
        return space;
    }

    private static ParameterRange? Range(JsonNode? spec, string field, List<ConfigProblem> problems)
    {
        if (spec is not JsonObject { Count: 1 } only || !RangeKinds.Contains(only.First().Key, StringComparer.Ordinal))
        {
            problems.Add(new(field, $"got {RunConfigResolver.Describe(spec)}; expected one of {{\"choice\": [values]}}, {{\"uniform\": [low, high]}}, {{\"logUniform\": [low, high]}}"));
            return null;
        }
        var (kind, values) = only.First();
        field = $"{field}.{kind}";
        if (kind == "choice")
        {
            if (values is JsonArray { Count: > 0 } list) return new ChoiceRange([.. list.Select(value => value?.DeepClone())]);
            problems.Add(new(field, $"got {RunConfigResolver.Describe(values)}; expected a non-empty list of values"));
            return null;
        }
        if (values is not JsonArray { Count: 2 } ends || ConfigRule.AsNumber(ends[0]) is not { } low || ConfigRule.AsNumber(ends[1]) is not { } high)
        {
            problems.Add(new(field, $"got {RunConfigResolver.Describe(values)}; expected [low, high], two numbers"));
            return null;
        }
        if (!(low < high) || (kind == "logUniform" && low <= 0))
        {
            problems.Add(new(field, $"got [{low}, {high}]: an empty range; expected {(kind == "logUniform" ? "0 < low < high" : "low < high")}"));
            return null;
        }
        return kind == "uniform" ? new UniformRange(low, high) : new LogUniformRange(low, high);
    }

    private static EarlyStopping Stopping(JsonNode? node, List<ConfigProblem> problems)
    {
        if (node is null) return EarlyStopping.None;
        if (node is not JsonObject stopping)
        {
            problems.Add(new("search.earlyStopping", $"got {RunConfigResolver.Describe(node)}; expected an object with type asha, median or none"));
            return EarlyStopping.None;
        }
        Unknown(stopping, StoppingKeys, "search.earlyStopping", problems);
        var rule = Enum(stopping, "type", EarlyStoppingRule.None, SearchNames.Of, problems, "search.earlyStopping");
        var grace = Integer(stopping, "search.earlyStopping", "gracePeriod", 1, min: 1, problems);
        var factor = Integer(stopping, "search.earlyStopping", "reductionFactor", 3, min: 2, problems);
        if (rule != EarlyStoppingRule.Asha && stopping["reductionFactor"] is not null)
        {
            problems.Add(new("search.earlyStopping.reductionFactor", $"applies to asha only; type is {SearchNames.Of(rule)}"));
        }
        return new EarlyStopping(rule, grace, factor);
    }

    private static void Unknown(JsonObject json, string[] known, string prefix, List<ConfigProblem> problems)
    {
        foreach (var (key, _) in json.Where(entry => !known.Contains(entry.Key, StringComparer.Ordinal)))
        {
            problems.Add(new($"{prefix}.{key}", $"unknown; expected one of {string.Join(", ", known)}{KeySuggestion.For(key, known)}"));
        }
    }

    private static T Enum<T>(JsonObject json, string key, T fallback, Func<T, string> name, List<ConfigProblem> problems, string prefix = "search")
        where T : struct, System.Enum
    {
        if (json[key] is not { } value) return fallback;
        var names = System.Enum.GetValues<T>().ToDictionary(name, StringComparer.Ordinal);
        if (ConfigRule.AsText(value) is { } text && names.TryGetValue(text, out var parsed)) return parsed;
        problems.Add(new($"{prefix}.{key}", $"got {RunConfigResolver.Describe(value)}; expected one of {string.Join(", ", names.Keys)}"));
        return fallback;
    }

    private static int Integer(JsonObject json, string prefix, string key, int fallback, int min, List<ConfigProblem> problems, int max = int.MaxValue)
    {
        if (json[key] is not { } value) return fallback;
        if (ConfigRule.AsInteger(value) is { } number && number >= min && number <= max) return (int)number;
        var expected = max == int.MaxValue ? $"an integer ≥ {min}" : $"an integer from {min} to {max}";
        problems.Add(new($"{prefix}.{key}", $"got {RunConfigResolver.Describe(value)}; expected {expected}"));
        return fallback;
    }
}
