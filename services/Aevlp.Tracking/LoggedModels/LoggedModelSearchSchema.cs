using Aevlp.Tracking.Api;
using Aevlp.Tracking.Client.Protocol;
using Aevlp.Tracking.Search;

namespace Aevlp.Tracking.LoggedModels;

/// <summary>What logged-model filters and orders may name, as parameterised SQL over <c>logged_models m</c>.</summary>
public static class LoggedModelSearchSchema
{
    // MLflow's attribute names, with the aliases its filter accepts for the two timestamps.
    private static readonly Dictionary<string, (string Column, bool Numeric)> Attributes = new()
    {
        ["model_id"] = ("m.model_id", false),
        ["name"] = ("m.name", false),
        ["model_type"] = ("m.model_type", false),
        ["source_run_id"] = ("m.source_run_id", false),
        ["artifact_location"] = ("m.artifact_location", false),
        ["experiment_id"] = ("m.experiment_id", true),
        ["creation_timestamp_ms"] = ("m.creation_timestamp_ms", true),
        ["creation_timestamp"] = ("m.creation_timestamp_ms", true),
        ["creation_time"] = ("m.creation_timestamp_ms", true),
        ["last_updated_timestamp_ms"] = ("m.last_updated_timestamp_ms", true),
        ["last_updated_timestamp"] = ("m.last_updated_timestamp_ms", true),
    };

    // The filter spells statuses as MLflow's Python entity does.
    private static readonly Dictionary<string, string> StatusNames = new()
    {
        ["UNSPECIFIED"] = LoggedModelStatus.Unspecified,
        ["PENDING"] = LoggedModelStatus.Pending,
        ["READY"] = LoggedModelStatus.Ready,
        ["FAILED"] = LoggedModelStatus.UploadFailed,
    };

    public static string Condition(Comparison comparison, IReadOnlyList<DatasetFilter> datasets, SqlParameters parameters) => comparison.Key.Kind switch
    {
        KeyKind.Metric => "EXISTS (SELECT 1 FROM logged_model_metrics mm WHERE mm.model_id = m.model_id " +
            $"AND mm.key = {parameters.Add(comparison.Key.Name)} AND {SqlComparisons.Numeric("mm.value", comparison, parameters)}" +
            (datasets.Count > 0 ? $" AND {OnDatasets(datasets, parameters)})" : ")"),
        KeyKind.Param => SqlComparisons.KeyValueExists("logged_model_params", "kv.model_id = m.model_id", comparison, parameters, SqlComparisons.Text),
        KeyKind.Tag => SqlComparisons.KeyValueExists("logged_model_tags", "kv.model_id = m.model_id", comparison, parameters, SqlComparisons.Text),
        _ when comparison.Key.Name == "status" => Status(comparison, parameters),
        _ => SqlComparisons.Column(Attribute(comparison.Key.Name, comparison.Key.ToString()), comparison, parameters),
    };

    /// <summary>A metric row of <c>mm</c> logged on one of the datasets (by name, and digest when given).</summary>
    public static string OnDatasets(IReadOnlyList<DatasetFilter> datasets, SqlParameters parameters) =>
        "(" + string.Join(" OR ", datasets.Select(d => $"(mm.dataset_name = {parameters.Add(d.DatasetName!)}" +
            (string.IsNullOrEmpty(d.DatasetDigest) ? ")" : $" AND mm.dataset_digest = {parameters.Add(d.DatasetDigest)})"))) + ")";

    /// <summary>A column, or <c>metrics.k</c>: the model's latest value of k (on the order's dataset when it names one).
    /// Models without a value sort last in either direction.</summary>
    public static string Order(LoggedModelOrderBy order, SqlParameters parameters)
    {
        var field = Require.Field(order.FieldName, "order_by.field_name");
        var direction = order.Ascending ?? true ? "ASC" : "DESC";
        if (!field.Contains('.')) return $"{Attribute(field, field).Column} {direction} NULLS LAST";
        if (!field.StartsWith("metrics.", StringComparison.Ordinal))
            throw MlflowError.Invalid($"Invalid order by field name: {field}. Only metrics are supported: metrics.<key>, or an attribute.");
        var dataset = string.IsNullOrEmpty(order.DatasetName) ? ""
            : " AND " + OnDatasets([new DatasetFilter(order.DatasetName, order.DatasetDigest)], parameters);
        return $"(SELECT mm.value FROM logged_model_metrics mm WHERE mm.model_id = m.model_id AND mm.key = {parameters.Add(field["metrics.".Length..])}" +
            $"{dataset} ORDER BY mm.timestamp DESC, mm.step DESC, mm.run_uuid ASC LIMIT 1) {direction} NULLS LAST";
    }

    private static string Status(Comparison comparison, SqlParameters parameters)
    {
        var names = comparison.Value switch
        {
            FilterValue.Text t when comparison.Operator is "=" or "!=" => [t.Value],
            FilterValue.TextList l when comparison.Operator is "IN" or "NOT IN" => l.Values,
            _ => throw MlflowError.Invalid($"Invalid comparison on status: expected = or != with a quoted status, or IN / NOT IN with a list."),
        };
        var codes = names.Select(n => StatusNames.TryGetValue(n, out var status) ? LoggedModelStore.StatusCode(status)
            : throw MlflowError.Invalid($"Unknown model status in filter: '{n}'. Expected one of {string.Join(", ", StatusNames.Keys)}.")).ToArray();
        var match = $"m.status = ANY({parameters.Add(codes)})";
        return comparison.Operator is "!=" or "NOT IN" ? $"NOT ({match})" : match;
    }

    private static (string Column, bool Numeric) Attribute(string name, string asWritten) =>
        Attributes.TryGetValue(name, out var column) ? column
        : throw MlflowError.Invalid(
            $"Invalid logged model search key '{asWritten}': expected metrics.<key>, params.<key>, tags.<key>, status or one of {string.Join(", ", Attributes.Keys)}.");
}
