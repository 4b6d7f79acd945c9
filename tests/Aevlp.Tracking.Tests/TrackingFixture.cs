using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Aevlp.Testing;
using Aevlp.Tracking.Client;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Aevlp.Tracking.Tests;

/// <summary>The real AppHost in local mode (PostgreSQL, Azurite and the tracker on loopback, data under /tmp), started
/// once for every test of the collection, and a client registered exactly as services register it.</summary>
public sealed class TrackingFixture : AppHostFixture
{
    private IHost? clientHost;

    protected override string[] Resources => ["tracking"];

    protected override Action<IDistributedApplicationTestingBuilder> Configure => AppModel.Only("tracking");

    public Uri BaseUri { get; private set; } = null!;

    public MlflowClient Client { get; private set; } = null!;

    /// <summary>For requests the typed client would never send; it sends the API key.</summary>
    public HttpClient Http { get; } = new();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        BaseUri = App.GetEndpoint("tracking", "http");
        Http.BaseAddress = BaseUri;
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);

        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["services:tracking:http:0"] = BaseUri.ToString();
        builder.Configuration["Security:ApiKey"] = ApiKey;
        builder.AddMlflowTracking();
        clientHost = builder.Build();
        await clientHost.StartAsync();
        Client = clientHost.Services.GetRequiredService<MlflowClient>();
    }

    public override async Task DisposeAsync()
    {
        Http.Dispose();
        if (clientHost is not null)
        {
            await clientHost.StopAsync();
            clientHost.Dispose();
        }
        await base.DisposeAsync();
    }

    /// <summary>A request as another MLflow client sends it (<paramref name="json"/> as the body, if any) to
    /// <c>api/2.0/mlflow/{route}</c>: checks the status and returns the JSON answer.</summary>
    public async Task<JsonElement> MlflowAsync(HttpMethod method, string route, string? json, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, "api/2.0/mlflow/" + route)
        {
            Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"),
        };
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {route}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>A fresh experiment per test, so tests never see each other's runs.</summary>
    public Task<string> NewExperimentAsync(string purpose) =>
        Client.CreateExperimentAsync($"{purpose}-{Guid.NewGuid():N}");
}

[CollectionDefinition(Name)]
public sealed class TrackingCollection : ICollectionFixture<TrackingFixture>
{
    public const string Name = "tracking";
}
