using System.Net.Http.Headers;
using System.Net.Http.Json;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace Aevlp.AppHost.Services;

/// <summary>How the registry is exposed: a stable HTTP port users and scripts can rely on, and the
/// dashboard's "Train demo model" button (which sends the API key).</summary>
public static class RegistryResource
{
    public const string Name = "registry";
    public const string PortSetting = "Registry:HttpPort";
    public const int DefaultPort = 5100;

    /// <summary>http://localhost:5100 unless <c>Registry:HttpPort</c> says otherwise, shown on the dashboard as "Registry API"
    /// with its OpenAPI document beside it (both answer only requests with the API key).</summary>
    public static IResourceBuilder<ProjectResource> WithStableHttpEndpoint(this IResourceBuilder<ProjectResource> registry, IConfiguration configuration)
    {
        registry.WithHttpEndpoint(port: configuration.GetValue(PortSetting, DefaultPort), name: "http")
            .WithHttpHealthCheck("/health");
        var endpoint = registry.GetEndpoint("http");
        return registry.WithUrlForEndpoint("http", url => url.DisplayText = "Registry API")
            .WithUrl($"{endpoint}/openapi/v1.json", "Registry API (OpenAPI)");
    }

    /// <summary>Starts a run on the embedded fashion-mosaic demo dataset through the registry's own API.</summary>
    public static IResourceBuilder<ProjectResource> WithTrainDemoCommand(this IResourceBuilder<ProjectResource> registry, ApiSecurity security) =>
        registry.WithHttpCommand("/api/runs", "Train demo model", commandName: "train-demo", commandOptions: new HttpCommandOptions
        {
            Description = "POST a TrainRequested for the fashion-mosaic demo dataset to /api/runs",
            IconName = "BrainCircuit",
            PrepareRequest = async context =>
            {
                context.Request.Headers.Authorization = new AuthenticationHeaderValue("Bearer",
                    await security.ApiKey.Resource.GetValueAsync(context.CancellationToken));
                context.Request.Content = JsonContent.Create(new { dataset = "fashion-mosaic", runName = "demo", requestedBy = "dashboard" });
            },
            GetCommandResult = async context =>
            {
                var body = await context.Response.Content.ReadAsStringAsync(context.CancellationToken);
                return context.Response.IsSuccessStatusCode
                    ? CommandResults.Success($"Run accepted: {body}")
                    : CommandResults.Failure($"The registry refused the demo run ({(int)context.Response.StatusCode}): {body}");
            },
        });
}
