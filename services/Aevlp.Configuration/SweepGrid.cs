using System.Text.Json.Nodes;

namespace Aevlp.Configuration;

/// <summary>A sweep ({key: [values…]}) as the grid of every combination, one child run each.</summary>
public static class SweepGrid
{
    public const int MaxRuns = 64;

    /// <summary>Problems with the sweep's shape; the values themselves are checked when each point's
    /// config is resolved (<see cref="ConfigLayer.SweepPoint"/>).</summary>
    public static IEnumerable<ConfigProblem> Check(IReadOnlyDictionary<string, JsonArray> sweep)
    {
        if (sweep.Count == 0)
        {
            yield return new ConfigProblem("sweep", "empty; expected at least one key with a list of values");
        }
        foreach (var (key, values) in sweep)
        {
            if (!RunConfigSchema.Fields.ContainsKey(key) || key == "dataset")
            {
                yield return new ConfigProblem($"sweep.{key}", $"not a config key that can be swept{KeySuggestion.For(key)}");
            }
            if (values is null || values.Count == 0)
            {
                yield return new ConfigProblem($"sweep.{key}", "expected a non-empty list of values");
            }
        }
        var runs = sweep.Values.Aggregate(1L, (product, values) => product * Math.Max(values?.Count ?? 0, 1));
        if (runs > MaxRuns)
        {
            yield return new ConfigProblem("sweep", $"{runs} combinations; expected at most {MaxRuns}");
        }
    }

    /// <summary>Every combination, keys in ordinal order so the child order is stable.</summary>
    public static IReadOnlyList<JsonObject> Points(IReadOnlyDictionary<string, JsonArray> sweep)
    {
        IEnumerable<JsonObject> points = [new JsonObject()];
        foreach (var (key, values) in sweep.OrderBy(entry => entry.Key, StringComparer.Ordinal))
        {
            points = points.SelectMany(point => values.Select(value => With(point, key, value)));
        }
        return points.ToList();
    }

    private static JsonObject With(JsonObject point, string key, JsonNode? value)
    {
        var next = (JsonObject)point.DeepClone();
        next[key] = value?.DeepClone();
        return next;
    }
}
