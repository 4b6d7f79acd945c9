using Aevlp.Tracking.Api;

namespace Aevlp.Tracking.Search;

/// <summary>runs/search: <c>metrics.k</c> (numeric, latest value), <c>params.k</c> and <c>tags.k</c> (strings) and
/// the run attributes below, all as parameterised SQL over the runs table aliased <c>r</c>.</summary>
public static class RunSearchSchema
{
    private static readonly Dictionary<string, (string Column, bool Numeric)> Attributes = new()
    {
        ["status"] = ("r.status", false),
        ["run_name"] = ("r.run_name", false),
        ["run_id"] = ("r.run_uuid", false),
        ["user_id"] = ("r.user_id", false),
        ["artifact_uri"] = ("r.artifact_uri", false),
        ["start_time"] = ("r.start_time", true),
        ["end_time"] = ("r.end_time", true),
    };

    public static string Condition(Comparison comparison, SqlParameters parameters) => comparison.Key.Kind switch
    {
        KeyKind.Metric => SqlComparisons.KeyValueExists("latest_metrics", "kv.run_uuid = r.run_uuid", comparison, parameters, SqlComparisons.Numeric),
        KeyKind.Param => SqlComparisons.KeyValueExists("params", "kv.run_uuid = r.run_uuid", comparison, parameters, SqlComparisons.Text),
        KeyKind.Tag => SqlComparisons.KeyValueExists("tags", "kv.run_uuid = r.run_uuid", comparison, parameters, SqlComparisons.Text),
        _ => SqlComparisons.Column(Attribute(comparison.Key), comparison, parameters),
    };

    /// <summary>Runs without the key sort last in either direction.</summary>
    public static string Order(OrderKey order, SqlParameters parameters)
    {
        var expression = order.Key.Kind switch
        {
            KeyKind.Metric => $"(SELECT kv.value FROM latest_metrics kv WHERE kv.run_uuid = r.run_uuid AND kv.key = {parameters.Add(order.Key.Name)})",
            KeyKind.Param => $"(SELECT kv.value FROM params kv WHERE kv.run_uuid = r.run_uuid AND kv.key = {parameters.Add(order.Key.Name)})",
            KeyKind.Tag => $"(SELECT kv.value FROM tags kv WHERE kv.run_uuid = r.run_uuid AND kv.key = {parameters.Add(order.Key.Name)})",
            _ => Attribute(order.Key).Column,
        };
        return $"{expression} {(order.Ascending ? "ASC" : "DESC")} NULLS LAST";
    }

    private static (string Column, bool Numeric) Attribute(SearchKey key) =>
        key.Kind is KeyKind.Attribute or KeyKind.Bare && Attributes.TryGetValue(key.Name, out var attribute)
            ? attribute
            : throw MlflowError.Invalid(
                $"Invalid run search key '{key}': expected metrics.<key>, params.<key>, tags.<key> or attributes.{{{string.Join(",", Attributes.Keys)}}}.");
}
