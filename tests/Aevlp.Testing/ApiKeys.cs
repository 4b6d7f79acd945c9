using System.Net.Http.Headers;
using Aevlp.AppHost.Services;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Aevlp.Testing;

/// <summary>The platform's API key as the AppHost generated it (the <c>api-key</c> parameter), for tests that call the
/// registry or the tracker the way users do: with <c>Authorization: Bearer &lt;key&gt;</c>.</summary>
public static class ApiKeys
{
    public static async Task<string> ApiKeyAsync(this DistributedApplication app, CancellationToken ct = default)
    {
        var parameter = app.Services.GetRequiredService<DistributedApplicationModel>().Resources
            .OfType<ParameterResource>().Single(r => r.Name == ApiSecurity.ParameterName);
        return await parameter.GetValueAsync(ct) ?? throw new InvalidOperationException("The api-key parameter has no value.");
    }

    /// <summary>An HttpClient for the resource's endpoint that sends the API key as a Bearer token.</summary>
    public static async Task<HttpClient> CreateAuthorizedHttpClientAsync(this DistributedApplication app, string resource,
        CancellationToken ct = default)
    {
        var http = app.CreateHttpClient(resource);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.ApiKeyAsync(ct));
        return http;
    }
}
