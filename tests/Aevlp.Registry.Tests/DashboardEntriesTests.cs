using Aevlp.AppHost.Services;
using Aevlp.Registry.Tests.Support;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Aevlp.Registry.Tests;

/// <summary>What the dashboard shows for the tracker and the registry: named URLs and the "Open tracker" command.</summary>
[Collection(RegistryCollection.Name)]
public sealed class DashboardEntriesTests(RegistryFixture fixture)
{
    [Fact]
    public async Task Open_tracker_answers_with_a_link_to_the_tracker_shown_at_once()
    {
        var tracker = fixture.App.GetEndpoint(TrackingServer.Name, "http").ToString().TrimEnd('/');

        var result = await fixture.App.Services.GetRequiredService<ResourceCommandService>()
            .ExecuteCommandAsync(TrackingServer.Name, "open-tracker");

        Assert.True(result.Success, result.Message);
        Assert.Equal((CommandResultFormat.Markdown, true), (result.Data!.Format, result.Data.DisplayImmediately));
        Assert.Contains($"]({tracker}/)", result.Data.Value);
        Assert.Contains("api-key", result.Data.Value);
    }

    [Fact]
    public async Task The_tracker_and_the_registry_api_have_named_urls()
    {
        var registry = fixture.App.GetEndpoint(RegistryResource.Name, "http").ToString().TrimEnd('/');

        Assert.Contains(await UrlsAsync(TrackingServer.Name), url => url.DisplayProperties.DisplayName == "Experiment tracker");
        var urls = await UrlsAsync(RegistryResource.Name);
        Assert.Contains(urls, url => url.DisplayProperties.DisplayName == "Registry API" && url.Url.TrimEnd('/') == registry);
        Assert.Contains(urls, url => url.DisplayProperties.DisplayName == "Registry API (OpenAPI)" && url.Url == $"{registry}/openapi/v1.json");
    }

    private async Task<IReadOnlyList<UrlSnapshot>> UrlsAsync(string resource)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ready = await fixture.App.ResourceNotifications.WaitForResourceAsync(resource,
            e => e.Snapshot.Urls.Any(url => !string.IsNullOrEmpty(url.DisplayProperties.DisplayName)), timeout.Token);
        return [.. ready.Snapshot.Urls];
    }
}
