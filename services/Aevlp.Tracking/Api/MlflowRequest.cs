using System.Text.Json;
using System.Text.Json.Nodes;
using Aevlp.Tracking.Client.Protocol;
using Microsoft.AspNetCore.Http.Features;

namespace Aevlp.Tracking.Api;

/// <summary>A request DTO bound the MLflow way: from the JSON body of POST/PATCH (and of DELETE when it has one),
/// from the query string of GET. Bad JSON becomes INVALID_PARAMETER_VALUE naming the field, never a 500.</summary>
public sealed record MlflowRequest<T>(T Value)
{
    // Keys clients repeat in a query string (order_by=a&order_by=b) and that are lists in the DTOs.
    private static readonly HashSet<string> ListKeys = ["order_by", "experiment_ids", "stages", "run_ids"];

    private static readonly JsonSerializerOptions Strict = new(MlflowJson.Options)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public static async ValueTask<MlflowRequest<T>> BindAsync(HttpContext context)
    {
        var request = context.Request;
        var hasBody = context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? request.ContentLength > 0;
        var fromQuery = HttpMethods.IsGet(request.Method) || (HttpMethods.IsDelete(request.Method) && !hasBody);
        try
        {
            var value = fromQuery
                ? QueryAsJson(request.Query).Deserialize<T>(Strict)
                : await JsonSerializer.DeserializeAsync<T>(request.Body, Strict, context.RequestAborted);
            return new MlflowRequest<T>(value ?? throw MlflowError.Invalid("The request body must be a JSON object."));
        }
        catch (JsonException e)
        {
            throw MlflowError.Invalid(Describe(e));
        }
    }

    private static string Describe(JsonException e)
    {
        var field = e.Path is { Length: > 2 } path ? path[2..] : null;
        var reason = e.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal)
            ? "wrong JSON type (see docs/mlflow-api.md: ids, keys and values are strings; times, steps and counts are numbers)."
            : e.Message.Split(" Path:", 2)[0];
        return field is null ? $"Invalid JSON request: {reason}" : $"Invalid value for field '{field}': {reason}";
    }

    private static JsonObject QueryAsJson(IQueryCollection query)
    {
        var json = new JsonObject();
        foreach (var (key, values) in query)
        {
            json[key] = ListKeys.Contains(key)
                ? new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray())
                : JsonValue.Create(values.ToString());
        }
        return json;
    }
}
