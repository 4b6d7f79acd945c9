using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Aevlp.Tracking.Client;
using Aevlp.Tracking.Client.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Aevlp.Tracking.Tests;

/// <summary>The tracker in secure mode (the default): every request needs the platform's API key, reads included; health
/// and static files do not. (Open development: Aevlp.AppHost.Tests/OpenDevelopmentTests.)</summary>
[Collection(TrackingCollection.Name)]
public sealed class ApiKeyTests(TrackingFixture tracker)
{
    private const string Api = "api/2.0/mlflow/";
    private const string WrongKey = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFG";

    [Theory]
    [InlineData("POST", Api + "experiments/create")]
    [InlineData("GET", Api + "experiments/search?max_results=1")]
    [InlineData("GET", "ajax-api/2.0/mlflow/experiments/search?max_results=1")]
    [InlineData("GET", "version")]
    [InlineData("GET", "")]
    public async Task Without_a_key_a_request_is_refused_with_401_saying_the_key_is_missing(string method, string route)
    {
        using var response = await SendAsync(method, route, key: null);

        await AssertUnauthorizedAsync(response, "API key required", "no API key");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [InlineData("Authorization")]
    [InlineData("X-Api-Key")]
    public async Task A_wrong_key_is_refused_with_401_saying_it_is_wrong(string header)
    {
        using var request = Request("POST", Api + "experiments/create");
        request.Headers.Add(header, header == "Authorization" ? $"Bearer {WrongKey}" : WrongKey);
        using var response = await Anonymous().SendAsync(request);

        await AssertUnauthorizedAsync(response, "Wrong API key", header == "Authorization" ? "the Authorization header" : "the X-Api-Key header");
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.Single().Parameter);
    }

    [Fact]
    public async Task The_right_key_as_Bearer_token_or_X_Api_Key_header_is_let_through()
    {
        using var create = Request("POST", Api + "experiments/create", $$"""{"name":"api-key-{{Guid.NewGuid():N}}"}""");
        create.Headers.Add("X-Api-Key", tracker.ApiKey);
        using var created = await Anonymous().SendAsync(create);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);

        using var search = Request("GET", Api + "experiments/search?max_results=1");
        search.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tracker.ApiKey);
        using var found = await Anonymous().SendAsync(search);
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
    }

    [Theory]
    [InlineData("health")]
    [InlineData("alive")]
    [InlineData("tracking.css")]
    [InlineData("login")]
    public async Task Health_static_files_and_the_login_page_need_no_key(string route)
    {
        using var response = await SendAsync("GET", route, key: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_browser_asking_for_a_page_without_a_key_is_sent_to_the_login_page()
    {
        using var request = Request("GET", "experiments/0?order=name");
        request.Headers.Accept.ParseAdd("text/html");
        using var response = await Anonymous().SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login?returnUrl=%2Fexperiments%2F0%3Forder%3Dname", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_MLflow_client_without_the_key_reports_UNAUTHENTICATED()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["services:tracking:http:0"] = tracker.BaseUri.ToString();
        builder.AddMlflowTracking();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<MlflowException>(() =>
            host.Services.GetRequiredService<MlflowClient>().GetExperimentAsync("0"));

        Assert.Equal((HttpStatusCode.Unauthorized, ErrorCodes.Unauthenticated), (error.StatusCode, error.ErrorCode));
        Assert.Contains("MLFLOW_TRACKING_TOKEN", error.Message);
    }

    private static async Task AssertUnauthorizedAsync(HttpResponseMessage response, string title, string detail)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(title, body.RootElement.GetProperty("title").GetString());
        Assert.Equal(ErrorCodes.Unauthenticated, body.RootElement.GetProperty("error_code").GetString());
        Assert.Contains(detail, body.RootElement.GetProperty("detail").GetString());
    }

    private Task<HttpResponseMessage> SendAsync(string method, string route, string? key)
    {
        var request = Request(method, route, method == "POST" ? """{"name":"never-created"}""" : null);
        if (key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return Anonymous().SendAsync(request);
    }

    private HttpRequestMessage Request(string method, string route, string? json = null) =>
        new(new HttpMethod(method), new Uri(tracker.BaseUri, route))
        {
            Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"),
        };

    // No default headers, no redirects followed: exactly what the server answers.
    private static HttpClient Anonymous() => Shared;

    private static readonly HttpClient Shared = new(new HttpClientHandler { AllowAutoRedirect = false });
}
