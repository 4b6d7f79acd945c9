using System.Text.Json.Nodes;

namespace Aevlp.Configuration.Search;

public enum SearchMethod { Grid, Random }

/// <summary>Whether a higher or a lower value of the search metric is better.</summary>
public enum SearchMode { Max, Min }

/// <summary>What a trial reports each epoch that a search can rank it by.</summary>
public enum SearchMetric { ValMap, TrainLoss }

public enum EarlyStoppingRule { None, Asha, Median }

/// <param name="GracePeriod">Epochs every trial trains before it can be stopped (ASHA's first rung).</param>
/// <param name="ReductionFactor">ASHA's η: a rung keeps the top 1/η of the trials that reached it; each rung is η times
/// as many epochs as the one before.</param>
public sealed record EarlyStopping(EarlyStoppingRule Rule, int GracePeriod, int ReductionFactor)
{
    public static readonly EarlyStopping None = new(EarlyStoppingRule.None, 1, 3);
}

/// <summary>A hyper-parameter search as a run request's <c>search</c> object holds it, checked (<see cref="SearchSpecReader"/>).
/// Its trials are drawn once, at submission (<see cref="SearchTrials"/>), so a search is reproducible from its seed.</summary>
public sealed record SearchSpec(SearchMethod Method, int Trials, int MaxConcurrent, SearchMetric Metric, SearchMode Mode, int Seed,
    IReadOnlyDictionary<string, ParameterRange> Space, EarlyStopping EarlyStopping)
{
    public const int MaxTrials = 256;

    /// <summary>The search as stored with its parent run and shown by the API: every default filled in.</summary>
    public JsonObject ToJson() => new()
    {
        ["method"] = SearchNames.Of(Method),
        ["trials"] = Trials,
        ["maxConcurrent"] = MaxConcurrent,
        ["metric"] = SearchNames.Of(Metric),
        ["mode"] = SearchNames.Of(Mode),
        ["seed"] = Seed,
        ["space"] = new JsonObject(Space.OrderBy(entry => entry.Key, StringComparer.Ordinal)
            .Select(entry => KeyValuePair.Create(entry.Key, (JsonNode?)entry.Value.ToJson()))),
        ["earlyStopping"] = EarlyStoppingJson(),
    };

    // The reduction factor is ASHA's alone: a request naming it with another rule is refused, so it is not written either.
    private JsonObject EarlyStoppingJson()
    {
        var json = new JsonObject { ["type"] = SearchNames.Of(EarlyStopping.Rule), ["gracePeriod"] = EarlyStopping.GracePeriod };
        if (EarlyStopping.Rule == EarlyStoppingRule.Asha) json["reductionFactor"] = EarlyStopping.ReductionFactor;
        return json;
    }

    /// <summary>Reads back what <see cref="ToJson"/> wrote, without checking it against today's config schema again.</summary>
    public static SearchSpec FromJson(JsonObject stored) =>
        SearchSpecReader.Read(stored, [], againstSchema: false) ?? throw new InvalidOperationException($"A stored search no longer reads: {stored.ToJsonString()}");

    /// <summary>True when <paramref name="candidate"/> beats <paramref name="incumbent"/> under this search's mode.</summary>
    public bool IsBetter(double candidate, double incumbent) => Mode == SearchMode.Max ? candidate > incumbent : candidate < incumbent;
}

public static class SearchModes
{
    /// <summary>The best of <paramref name="values"/> under <paramref name="mode"/>: a trial's result over its epochs.</summary>
    public static double Best(this SearchMode mode, IEnumerable<double> values) => mode == SearchMode.Max ? values.Max() : values.Min();
}

/// <summary>The wire names of the search vocabulary (lowerCamel / snake as the request writes them).</summary>
public static class SearchNames
{
    public static string Of(SearchMethod method) => method == SearchMethod.Grid ? "grid" : "random";

    public static string Of(SearchMode mode) => mode == SearchMode.Max ? "max" : "min";

    public static string Of(SearchMetric metric) => metric == SearchMetric.ValMap ? "val_map" : "train_loss";

    public static string Of(EarlyStoppingRule rule) => rule.ToString().ToLowerInvariant();
}
