using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Aevlp.Cli;

/// <summary>The registry answered with an error; the message carries its ProblemDetails (title, detail and every
/// listed problem, one per line).</summary>
public sealed class RegistryException(HttpStatusCode status, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;

    public static async Task<RegistryException> FromAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var body = await response.Content.ReadAsStringAsync(ct);
        var lines = new List<string>();
        try
        {
            if (JsonNode.Parse(body) is JsonObject problem)
            {
                lines.Add(string.Join(": ", new[] { (string?)problem["title"], (string?)problem["detail"] }.Where(s => !string.IsNullOrEmpty(s))));
                if (problem["errors"] is JsonObject errors)
                    foreach (var (field, messages) in errors)
                        lines.AddRange((messages as JsonArray ?? []).Select(message => $"  {field}: {message}"));
            }
        }
        catch (JsonException)
        {
            lines.Add(body);
        }
        var text = string.Join('\n', lines.Where(line => line.Length > 0));
        return new RegistryException(response.StatusCode,
            $"the registry answered {(int)response.StatusCode} {response.ReasonPhrase}{(text.Length > 0 ? ": " + text : "")}");
    }
}
