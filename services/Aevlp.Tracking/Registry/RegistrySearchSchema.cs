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

    /// <summary>MLflow keeps prompts in the model registry, told apart from models by this tag (on a prompt and on its
    /// versions).</summary>
    public const string PromptTag = "mlflow.prompt.is_prompt";

    /// <summary>The filter as SQL, with MLflow's rule for prompts: a search returns models only, leaving out every name
    /// that carries <see cref="PromptTag"/> = 'true', unless the filter asks for prompts (<c>= 'true'</c> or
    /// <c>!= 'false'</c> on that tag). MLflow's clients send <c>tags.`mlflow.prompt.is_prompt` != 'true'</c> with every
    /// search, which a plain tag comparison would turn into "no model", as models do not carry the tag.</summary>
    /// <param name="tagOwner">Ties a tag row (alias <c>kv</c>) to the entity row.</param>
    /// <param name="promptOwner">Ties a tag row (alias <c>p</c>) to the entity's name, as MLflow excludes prompts by name.</param>
    public static string Where(IReadOnlyList<Comparison> filter, IReadOnlyDictionary<string, (string Column, bool Numeric)> columns,
        string tagTable, string tagOwner, string promptOwner, SqlParameters parameters)
    {
        var prompt = filter.Where(c => c.Key is { Kind: KeyKind.Tag, Name: PromptTag }).ToList();
        var isPrompt = $"EXISTS (SELECT 1 FROM {tagTable} p WHERE {promptOwner} AND p.key = '{PromptTag}' AND p.value = 'true')";
        return string.Join(" AND ", filter.Except(prompt).Select(c => c.Key.Kind switch
        {
            KeyKind.Tag => SqlComparisons.KeyValueExists(tagTable, tagOwner, c, parameters, SqlComparisons.Text),
            _ => SqlComparisons.Column(Column(c.Key, columns), c, parameters),
        }).Append(prompt.Any(AsksForPrompts) ? isPrompt : "NOT " + isPrompt));
    }

    private static bool AsksForPrompts(Comparison comparison) =>
        comparison.Value is FilterValue.Text { Value: var value } &&
        (comparison.Operator == "=" && value.Equals("true", StringComparison.OrdinalIgnoreCase)
            || comparison.Operator == "!=" && value.Equals("false", StringComparison.OrdinalIgnoreCase));

    public static string OrderBy(IReadOnlyList<OrderKey> keys, IReadOnlyDictionary<string, (string Column, bool Numeric)> columns, string tail) =>
        string.Join(", ", keys.Select(k => $"{Column(k.Key, columns).Column} {(k.Ascending ? "ASC" : "DESC")}").Append(tail));

    private static (string Column, bool Numeric) Column(SearchKey key, IReadOnlyDictionary<string, (string Column, bool Numeric)> columns) =>
        key.Kind is KeyKind.Bare or KeyKind.Attribute && columns.TryGetValue(key.Name, out var column)
            ? column
            : throw MlflowError.Invalid($"Invalid registry search key '{key}': expected one of {string.Join(", ", columns.Keys)} or tags.<key>.");
}
