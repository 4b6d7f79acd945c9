using Aevlp.Tracking.Api;

namespace Aevlp.Tracking.Search;

/// <summary>experiments/search: filters on <c>name</c>, <c>creation_time</c>, <c>last_update_time</c> (bare or
/// attributes.) and <c>tags.x</c>; order by those attributes (default: newest first).</summary>
public static class ExperimentSearchSchema
{
    public static string Where(IReadOnlyList<Comparison> filter, string[] stages, SqlParameters parameters)
    {
        var conditions = filter.Select(c => Condition(c, parameters)).Prepend($"e.lifecycle_stage = ANY({parameters.Add(stages)})");
        return string.Join(" AND ", conditions);
    }

    public static string OrderBy(IReadOnlyList<OrderKey> keys) =>
        string.Join(", ", keys.Select(k => $"{Column(k.Key)} {(k.Ascending ? "ASC" : "DESC")}")
            .Append("e.creation_time DESC").Append("e.experiment_id ASC"));

    private static string Condition(Comparison comparison, SqlParameters parameters) => comparison.Key.Kind switch
    {
        KeyKind.Tag => SqlComparisons.KeyValueExists("experiment_tags", "kv.experiment_id = e.experiment_id", comparison, parameters, SqlComparisons.Text),
        KeyKind.Attribute or KeyKind.Bare when comparison.Key.Name == "name" => SqlComparisons.Text("e.name", comparison, parameters),
        KeyKind.Attribute or KeyKind.Bare => SqlComparisons.Integer(Column(comparison.Key), comparison, parameters),
        _ => throw Unsupported(comparison.Key),
    };

    private static string Column(SearchKey key) => key is { Kind: KeyKind.Attribute or KeyKind.Bare }
        ? key.Name switch
        {
            "name" => "e.name",
            "creation_time" => "e.creation_time",
            "last_update_time" => "e.last_update_time",
            "experiment_id" => "e.experiment_id",
            _ => throw Unsupported(key),
        }
        : throw Unsupported(key);

    private static MlflowError Unsupported(SearchKey key) =>
        MlflowError.Invalid($"Invalid experiment search key '{key}': expected name, creation_time, last_update_time, experiment_id or tags.<key>.");
}
