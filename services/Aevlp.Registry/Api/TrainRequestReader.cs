using System.Text.Json;
using Aevlp.Contracts;
using Aevlp.Configuration;
using Aevlp.Registry.Configuration;
using Microsoft.AspNetCore.Http.Features;

namespace Aevlp.Registry.Api;

/// <summary>The request, or why there is none: the HTTP status (400, 413 or 415) and a problem naming the place.</summary>
public sealed record TrainRequestBody(TrainRequested? Request, int StatusCode, ConfigProblem? Problem);

/// <summary>Reads a TrainRequested body. Anything but JSON is 415 and a body over <see cref="MaxBodyBytes"/> is 413;
/// malformed JSON and mistyped fields become a problem that names the place (<c>$.sweep.lr</c>) and the position
/// instead of a bare 400.</summary>
public static class TrainRequestReader
{
    /// <summary>A request is a few keys and at most a 64-point sweep: far below 1 MiB, so a larger body is a mistake,
    /// refused before it is read in full.</summary>
    public const long MaxBodyBytes = 1024 * 1024;

    public static async Task<TrainRequestBody> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasJsonContentType())
        {
            return Refused(StatusCodes.Status415UnsupportedMediaType, "Content-Type",
                $"got {(request.ContentType is { } type ? $"'{type}'" : "none")}; expected application/json");
        }
        if (request.ContentLength is { } length && length > MaxBodyBytes) return TooLarge($"{length}");
        // Also cuts off a chunked body without Content-Length once it passes the limit.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MaxBodyBytes;
        try
        {
            var body = await JsonSerializer.DeserializeAsync<TrainRequested>(request.Body, JsonSerializerOptions.Web, ct);
            return body is null ? Refused(StatusCodes.Status400BadRequest, "body", "got null; expected a TrainRequested object") : new(body, StatusCodes.Status200OK, null);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge($"more than {MaxBodyBytes}");
        }
        catch (JsonException e)
        {
            var reason = e.Message.Split(" Path:", 2)[0];
            var at = e.LineNumber is { } line ? $" at line {line + 1}, byte {e.BytePositionInLine + 1}" : "";
            return Refused(StatusCodes.Status400BadRequest, e.Path is { Length: > 1 } path ? path : "body", $"not a valid TrainRequested{at}: {reason}");
        }
    }

    private static TrainRequestBody TooLarge(string size) =>
        Refused(StatusCodes.Status413PayloadTooLarge, "body", $"got {size} bytes; expected at most {MaxBodyBytes}");

    private static TrainRequestBody Refused(int statusCode, string field, string message) => new(null, statusCode, new ConfigProblem(field, message));
}
