using System.Text.Json.Nodes;

namespace Aevlp.Configuration.Search;

/// <summary>The trials of a search, each a config layer of the searched keys. A grid visits every combination in the
/// order <see cref="SweepGrid"/> does; a random search draws each trial's keys, in ordinal key order, from one generator
/// seeded with the search's seed, so the same request always yields the same trials.</summary>
public static class SearchTrials
{
    public static IReadOnlyList<JsonObject> Points(SearchSpec search)
    {
        if (search.Method == SearchMethod.Grid)
        {
            return SweepGrid.Points(search.Space.ToDictionary(entry => entry.Key,
                entry => new JsonArray([.. entry.Value.GridValues!.Select(value => value?.DeepClone())])));
        }
        var random = new Random(search.Seed);
        var keys = search.Space.Keys.Order(StringComparer.Ordinal).ToArray();
        return Enumerable.Range(0, search.Trials)
            .Select(_ => new JsonObject(keys.Select(key => KeyValuePair.Create(key, (JsonNode?)search.Space[key].Sample(random)))))
            .ToList();
    }
}
