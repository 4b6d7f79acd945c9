using Aevlp.AppHost.Infrastructure;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace Aevlp.AppHost.Services;

/// <summary>The key of the platform's HTTP APIs (registry and tracker) and the open-development switch. The key is the
/// secret parameter <c>api-key</c> (shown in the dashboard), generated once per install: in local mode it is kept in
/// credentials.json in the data folder, in container mode Aspire persists it in the AppHost's user secrets.
/// <c>Security:OpenDevelopment=true</c> on the AppHost lets every request through, without a key.</summary>
public sealed class ApiSecurity(IResourceBuilder<ParameterResource> apiKey, bool openDevelopment)
{
    public const string ParameterName = "api-key";
    public const string OpenDevelopmentSetting = "Security:OpenDevelopment";

    public IResourceBuilder<ParameterResource> ApiKey { get; } = apiKey;

    public bool OpenDevelopment { get; } = openDevelopment;

    public static ApiSecurity From(IDistributedApplicationBuilder builder, PlatformInfrastructure infrastructure) =>
        new(infrastructure.ApiKey, builder.Configuration.GetValue(OpenDevelopmentSetting, false));
}

public static class ApiSecurityExtensions
{
    /// <summary>A service that serves the API: the key it checks, and whether it is open.</summary>
    public static IResourceBuilder<T> WithApiSecurity<T>(this IResourceBuilder<T> service, ApiSecurity security)
        where T : IResourceWithEnvironment =>
        service.WithApiKey(security)
            .WithEnvironment("Security__OpenDevelopment", security.OpenDevelopment ? "true" : "false");

    /// <summary>A service that calls the API (the MLflow client sends it as a Bearer token).</summary>
    public static IResourceBuilder<T> WithApiKey<T>(this IResourceBuilder<T> service, ApiSecurity security)
        where T : IResourceWithEnvironment =>
        service.WithEnvironment("Security__ApiKey", security.ApiKey);
}
