using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Aevlp.Registry.Tests.Support;
using Aevlp.Testing;
using Aspire.Hosting.Testing;

namespace Aevlp.Registry.Tests;

/// <summary>The registry in secure mode (the default): every request needs the platform's API key, the OpenAPI document
/// included; health does not. (Open development: Aevlp.AppHost.Tests/OpenDevelopmentTests.)</summary>
[Collection(RegistryCollection.Name)]
public sealed class ApiKeyTests(RegistryFixture fixture)
{
    private const string WrongKey = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFG";

    [Theory]
    [InlineData("POST", "/api/runs")]
    [InlineData("POST", "/api/runs/0194a7c2-0000-7000-8000-000000000000/cancel")]
    [InlineData("PUT", "/api/datasets/unauthorised/1/files/train_labels.npy")]
    [InlineData("PUT", "/api/datasets/unauthorised/1/manifest")]
    [InlineData("GET", "/api/runs")]
    [InlineData("GET", "/api/models")]
    [InlineData("GET", "/api/datasets")]
    [InlineData("GET", "/openapi/v1.json")]
    public async Task Without_a_key_a_request_is_refused_with_401_saying_the_key_is_missing(string method, string route)
    {
        using var response = await SendAsync(Request(method, route));

        await AssertUnauthorizedAsync(response, "API key required");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [InlineData("Authorization")]
    [InlineData("X-Api-Key")]
    public async Task A_wrong_key_is_refused_with_401_saying_it_is_wrong(string header)
    {
        var request = Request("POST", "/api/runs");
        request.Headers.Add(header, header == "Authorization" ? $"Bearer {WrongKey}" : WrongKey);
        using var response = await SendAsync(request);

        await AssertUnauthorizedAsync(response, "Wrong API key");
    }

    [Fact]
    public async Task The_right_key_as_Bearer_token_or_X_Api_Key_header_is_let_through()
    {
        var post = Request("POST", "/api/runs");
        post.Headers.Add("X-Api-Key", await fixture.App.ApiKeyAsync());
        using var refused = await SendAsync(post);
        // Past authentication: the empty request is judged on its content.
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        var get = Request("GET", "/openapi/v1.json");
        get.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await fixture.App.ApiKeyAsync());
        using var document = await SendAsync(get);
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    public async Task Health_needs_no_key(string route)
    {
        using var response = await SendAsync(Request("GET", route));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task AssertUnauthorizedAsync(HttpResponseMessage response, string title)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(title, body.RootElement.GetProperty("title").GetString());
        Assert.Equal(401, body.RootElement.GetProperty("status").GetInt32());
    }

    private static HttpRequestMessage Request(string method, string route) =>
        new(new HttpMethod(method), route) { Content = method is "POST" or "PUT" ? new StringContent("{}", Encoding.UTF8, "application/json") : null };

    // The fixture's client sends the key; this one sends only what the test puts on the request.
    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        using var http = fixture.App.CreateHttpClient(Aevlp.AppHost.Services.RegistryResource.Name);
        using (request) return await http.SendAsync(request);
    }
}
