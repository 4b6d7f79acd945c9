using Aevlp.Tracking.Api;
using Aevlp.Tracking.Search;

namespace Aevlp.Tracking.Registry;

/// <summary>Registry searches: bare attribute names (<c>name='m'</c>, <c>run_id='…'</c>) and <c>tags.k</c>.</summary>
public static class RegistrySearchSchema
{
    public static readonly IReadOnlyDictionary<string, (string Column, bool Numeric)> ModelColumns = new Dictionary<string, (string, bool)>
    {
        ["name"] = ("m.name", false),
        ["creation_timestamp"] = ("m.creation_timestamp", true),
        ["last_updated_timestamp"] = ("m.last_updated_timestamp", true),
    };

    public static readonly IReadOnlyDictionary<string, (string Column, bool Numeric)> VersionColumns = new Dictionary<string, (string, bool)>
    {
        ["name"] = ("v.name", false),
        ["version"] = ("v.version", true),
        ["run_id"] = ("v.run_id", false),
        ["source"] = ("v.source", false),
        ["current_stage"] = ("v.current_stage", false),
        ["creation_timestamp"] = ("v.creation_timestamp", true),
        ["last_updated_timestamp"] = ("v.last_updated_timestamp", true),
    };

    public static string Where(IReadOnlyList<Comparison> filter, IReadOnlyDictionary<string, (string Column, bool Numeric)> columns,
        string tagTable, string tagOwner, SqlParameters parameters) =>
        string.Join(" AND ", filter.Select(c => c.Key.Kind switch
        {
            KeyKind.Tag => SqlComparisons.KeyValueExists(tagTable, tagOwner, c, parameters, SqlComparisons.Text),
            _ => SqlComparisons.Column(Column(c.Key, columns), c, parameters),
        }).DefaultIfEmpty("TRUE"));

    public static string OrderBy(IReadOnlyList<OrderKey> keys, IReadOnlyDictionary<string, (string Column, bool Numeric)> columns, string tail) =>
        string.Join(", ", keys.Select(k => $"{Column(k.Key, columns).Column} {(k.Ascending ? "ASC" : "DESC")}").Append(tail));

    private static (string Column, bool Numeric) Column(SearchKey key, IReadOnlyDictionary<string, (string Column, bool Numeric)> columns) =>
        key.Kind is KeyKind.Bare or KeyKind.Attribute && columns.TryGetValue(key.Name, out var column)
            ? column
            : throw MlflowError.Invalid($"Invalid registry search key '{key}': expected one of {string.Join(", ", columns.Keys)} or tags.<key>.");
}
