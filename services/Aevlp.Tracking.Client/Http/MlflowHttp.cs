using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Aevlp.Tracking.Client.Protocol;

namespace Aevlp.Tracking.Client.Http;

/// <summary>JSON over HTTP the MLflow way: POST/PATCH/DELETE carry a JSON body, GET a query string;
/// any non-2xx answer becomes an <see cref="MlflowException"/>.</summary>
internal sealed class MlflowHttp(HttpClient http)
{
    public const string ApiPrefix = "api/2.0/mlflow/";

    public HttpClient Client { get; } = http;

    public Task<TResponse> GetAsync<TResponse>(string route, IEnumerable<(string Name, string? Value)> query, CancellationToken ct) =>
        SendAsync<TResponse>(new HttpRequestMessage(HttpMethod.Get, ApiPrefix + route + QueryString(query)), ct);

    public Task<TResponse> SendAsync<TRequest, TResponse>(HttpMethod method, string route, TRequest body, CancellationToken ct) =>
        SendAsync<TResponse>(new HttpRequestMessage(method, ApiPrefix + route) { Content = JsonContent.Create(body, options: MlflowJson.Options) }, ct);

    public async Task SendAsync<TRequest>(HttpMethod method, string route, TRequest body, CancellationToken ct) =>
        await SendAsync<TRequest, JsonElement>(method, route, body, ct);

    public async Task<TResponse> SendAsync<TResponse>(HttpRequestMessage request, CancellationToken ct)
    {
        using (request)
        {
            using var response = await Client.SendAsync(request, ct);
            await EnsureSuccessAsync(response, ct);
            return (await response.Content.ReadFromJsonAsync<TResponse>(MlflowJson.Options, ct))!;
        }
    }

    public static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode) return;
        var text = await response.Content.ReadAsStringAsync(ct);
        var error = TryParseError(text);
        throw new MlflowException(error?.ErrorCode ?? ErrorCodes.UnexpectedResponse, response.StatusCode,
            error?.Message ?? (text.Length > 500 ? text[..500] : text));
    }

    private static ErrorResponse? TryParseError(string text)
    {
        try
        {
            var error = JsonSerializer.Deserialize<ErrorResponse>(text, MlflowJson.Options);
            return error?.ErrorCode is null ? null : error;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string QueryString(IEnumerable<(string Name, string? Value)> query)
    {
        var builder = new StringBuilder();
        foreach (var (name, value) in query.Where(p => p.Value is not null))
        {
            builder.Append(builder.Length == 0 ? '?' : '&')
                .Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value!));
        }
        return builder.ToString();
    }
}
