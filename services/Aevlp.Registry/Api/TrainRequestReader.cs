using System.Text.Json;
using Aevlp.Contracts;
using Aevlp.Registry.Configuration;

namespace Aevlp.Registry.Api;

/// <summary>Reads a TrainRequested body, turning malformed JSON and mistyped fields into a problem that
/// names the place (<c>$.sweep.lr</c>) instead of a bare 400.</summary>
public static class TrainRequestReader
{
    public static async Task<(TrainRequested? Request, ConfigProblem? Problem)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        try
        {
            var body = await JsonSerializer.DeserializeAsync<TrainRequested>(request.Body, JsonSerializerOptions.Web, ct);
            return body is null ? (null, new ConfigProblem("body", "got null; expected a TrainRequested object")) : (body, null);
        }
        catch (JsonException e)
        {
            return (null, new ConfigProblem(e.Path is { Length: > 1 } path ? path : "body", $"not a valid TrainRequested: {e.Message}"));
        }
    }
}
