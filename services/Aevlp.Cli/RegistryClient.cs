using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Aevlp.Cli;

/// <summary>The registry's HTTP API, the only thing the CLI talks to. Sends <c>Authorization: Bearer KEY</c> on
/// every request when an API key is set; any error answer becomes a <see cref="RegistryException"/>.</summary>
public sealed class RegistryClient : IDisposable
{
    public const string DefaultUrl = "http://localhost:5100";

    private readonly HttpClient http;

    public RegistryClient(Uri registry, string? apiKey)
    {
        // Uploads and downloads of large files may take long; cancellation (Ctrl+C) ends them instead.
        http = new HttpClient { BaseAddress = registry, Timeout = Timeout.InfiniteTimeSpan };
        if (!string.IsNullOrEmpty(apiKey)) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
    }

    public Uri BaseAddress => http.BaseAddress!;

    public async Task<T> GetAsync<T>(string path, CancellationToken ct)
    {
        using var response = await http.GetAsync(path, ct);
        return await ReadAsync<T>(response, ct);
    }

    public async Task<T> PostAsync<T>(string path, object? body, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync(path, body, JsonSerializerOptions.Web, ct);
        return await ReadAsync<T>(response, ct);
    }

    public async Task PutAsync(string path, HttpContent content, CancellationToken ct)
    {
        using var response = await UploadAsync(path, content, ct);
        await EnsureSuccessAsync(response, ct);
    }

    public async Task<T> PutAsync<T>(string path, HttpContent content, CancellationToken ct)
    {
        using var response = await UploadAsync(path, content, ct);
        return await ReadAsync<T>(response, ct);
    }

    /// <summary>With <c>Expect: 100-continue</c>: a refusal that needs no body (a name taken, a bad argument) comes back before
    /// a large file is sent, instead of the server closing the connection under it.</summary>
    private Task<HttpResponseMessage> UploadAsync(string path, HttpContent content, CancellationToken ct) =>
        http.SendAsync(new HttpRequestMessage(HttpMethod.Put, path) { Content = content, Headers = { ExpectContinue = true } }, ct);

    /// <summary>Streams a response body into <paramref name="file"/>.</summary>
    public async Task DownloadAsync(string path, string file, CancellationToken ct)
    {
        using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, ct);
        await EnsureSuccessAsync(response, ct);
        await using var target = File.Create(file);
        await response.Content.CopyToAsync(target, ct);
    }

    public void Dispose() => http.Dispose();

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken ct)
    {
        await EnsureSuccessAsync(response, ct);
        return (await response.Content.ReadFromJsonAsync<T>(JsonSerializerOptions.Web, ct))!;
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode) throw await RegistryException.FromAsync(response, ct);
    }
}
