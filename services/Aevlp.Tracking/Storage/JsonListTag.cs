using System.Text.Json;
using System.Text.Json.Nodes;

namespace Aevlp.Tracking.Storage;

/// <summary>A tag whose value is a JSON list MLflow's server appends to (<c>mlflow.log-model.history</c> on a run,
/// <c>mlflow.modelVersions</c> on a logged model). Clients can set these tags too, so a stored value that is not a JSON
/// list starts a new list rather than failing the call.</summary>
internal static class JsonListTag
{
    public static string Append(string? stored, JsonNode item)
    {
        var list = Parse(stored);
        list.Add(item);
        return list.ToJsonString();
    }

    private static JsonArray Parse(string? stored)
    {
        try
        {
            return stored is null ? [] : JsonNode.Parse(stored) as JsonArray ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
