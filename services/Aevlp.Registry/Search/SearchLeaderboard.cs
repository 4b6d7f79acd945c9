using System.Text.Json.Nodes;
using Aevlp.Configuration.Search;
using Aevlp.Registry.Api;
using Aevlp.Registry.Models;
using Aevlp.Registry.Storage;

namespace Aevlp.Registry.Search;

/// <summary>A sweep's or search's trials as the API and <c>aevlp runs show</c> rank them.</summary>
public static class SearchLeaderboard
{
    /// <summary>The leaderboard of <paramref name="parent"/>, its trials' epochs read by the search's own metric.</summary>
    public static async Task<SearchResults> LoadAsync(RunRecord parent, IReadOnlyList<RunRecord> trials, SearchStore searches, CancellationToken ct) =>
        Build(parent, trials, await searches.TrialHistoriesAsync(parent.Id, parent.SearchSpec?.Metric ?? SearchMetric.ValMap, ct));

    public static SearchResults Build(RunRecord parent, IReadOnlyList<RunRecord> trials, IReadOnlyList<TrialHistory> histories)
    {
        var search = parent.SearchSpec;
        var mode = search?.Mode ?? SearchMode.Max;
        var keys = search?.Space.Keys.Order(StringComparer.Ordinal).ToList() ?? VaryingKeys(trials);
        var metrics = histories.ToDictionary(history => history.RunId, history => history.MetricByEpoch);
        var results = trials.Select(trial =>
        {
            var epochs = metrics.GetValueOrDefault(trial.Id);
            double? best = epochs is not { Count: > 0 } ? null : mode.Best(epochs.Values);
            var config = trial.ConfigJson;
            return new TrialResult(trial.Id, trial.SweepIndex, trial.Status,
                new JsonObject(keys.Select(key => KeyValuePair.Create(key, config[key]?.DeepClone()))), best, epochs?.Count ?? 0,
                trial.Pruned is null ? null : JsonNode.Parse(trial.Pruned));
        });
        var ranked = results.OrderBy(trial => trial.Metric is null)
            .ThenBy(trial => trial.Metric is not { } value ? 0 : mode == SearchMode.Max ? -value : value)
            .ThenBy(trial => trial.Index)
            .ToList();
        return new SearchResults(search?.ToJson(), SearchNames.Of(search?.Metric ?? SearchMetric.ValMap), SearchNames.Of(mode),
            parent.BestTrialId, parent.BestMetric, ranked);
    }

    // A grid sweep keeps no space: its keys are those whose values differ between trials.
    private static List<string> VaryingKeys(IReadOnlyList<RunRecord> trials)
    {
        var configs = trials.Select(trial => trial.ConfigJson).ToList();
        return configs.SelectMany(config => config.Select(entry => entry.Key)).Distinct()
            .Where(key => configs.Select(config => config[key]?.ToJsonString()).Distinct().Count() > 1)
            .Order(StringComparer.Ordinal).ToList();
    }
}
