using System.Text.Json;
using System.Text.Json.Nodes;
using Aevlp.Configuration;

namespace Aevlp.Registry.Configuration;

/// <summary>The dataset configs: <c>configs/{dataset}.json</c>, in the released AEVLP format.</summary>
public sealed class ConfigDirectory(string path)
{
    /// <summary>The names of the configs there (<c>pascal</c> for configs/pascal.json), in name order.</summary>
    public IReadOnlyList<string> Names() => Directory.Exists(path)
        ? [.. Directory.GetFiles(path, "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!]
        : [];

    /// <summary>The dataset's config as a layer, null when there is none (the defaults then apply), or a
    /// problem when the file is not a JSON object.</summary>
    public ConfigLayer? Load(string dataset, ICollection<ConfigProblem> problems)
    {
        var file = Path.Combine(path, dataset + ".json");
        if (!File.Exists(file)) return null;
        var name = $"configs/{dataset}.json";
        try
        {
            return JsonNode.Parse(File.ReadAllText(file)) is JsonObject values ? ConfigLayer.File(name, values) : NotAnObject();
        }
        catch (JsonException e)
        {
            problems.Add(new ConfigProblem(name, $"not valid JSON: {e.Message}"));
            return null;
        }

        ConfigLayer? NotAnObject()
        {
            problems.Add(new ConfigProblem(name, "expected a JSON object of config keys"));
            return null;
        }
    }
}
