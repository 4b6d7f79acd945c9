using Aevlp.AppHost.Infrastructure;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aevlp.AppHost.Services;

/// <summary>MLflow's server as a container resource that other resources can reference like a project
/// (services__tracking__http__0).</summary>
public sealed class MlflowContainerResource(string name) : ContainerResource(name), IResourceWithServiceDiscovery;

/// <summary>The experiment tracker at http://localhost:5000 (Tracking:Port): our MLflow-protocol server (Aevlp.Tracking,
/// PostgreSQL + blob) in local mode, the official MLflow server in container mode. Services take it with
/// <c>.WithReference(tracking).WaitFor(tracking)</c> and reach it through the MLflow client either way.</summary>
public static class TrackingServer
{
    public const string Name = "tracking";
    public const int DefaultPort = 5000;
    public const string MlflowImage = "mlflow/mlflow";
    public const string MlflowTag = "v3.18.0";

    public static IResourceBuilder<IResourceWithServiceDiscovery> AddTrackingServer(this IDistributedApplicationBuilder builder,
        PlatformInfrastructure infrastructure, IResourceBuilder<IResourceWithConnectionString> trackingDb, ApiSecurity security)
    {
        var port = Port(builder.Configuration);
        return infrastructure.Mode == InfrastructureMode.Container
            ? AddMlflowContainer(builder, port).WithDashboardEntry(security)
            : builder.AddProject<Projects.Aevlp_Tracking>(Name, launchProfileName: null)
                .WithHttpEndpoint(port: port, targetPort: port, name: "http", isProxied: false)
                .WithEndpoint("http", endpoint => endpoint.TargetHost = infrastructure.BindAddress ?? endpoint.TargetHost)
                .WithHttpHealthCheck("/health")
                .WithReference(trackingDb).WaitFor(trackingDb)
                .WithReference(infrastructure.Blobs).WaitFor(infrastructure.Blobs)
                .WithApiSecurity(security)
                .WithDashboardEntry(security);
    }

    /// <summary>The tracker's port (Tracking:Port, 5000 by default).</summary>
    public static int Port(IConfiguration configuration) => configuration.GetValue("Tracking:Port", DefaultPort);

    /// <summary>Where the tracker shows a run, for the registry's <c>links.trackerRunUrl</c>: MLflow's UI routes in the URL's
    /// fragment (<c>#/runs/{id}</c>); Aevlp.Tracking's <c>runs/{id}</c> is the registry's default.</summary>
    public static IResourceBuilder<ProjectResource> WithTrackerRunLinks(this IResourceBuilder<ProjectResource> registry,
        PlatformInfrastructure infrastructure) =>
        infrastructure.Mode == InfrastructureMode.Container ? registry.WithEnvironment("Registry__TrackerRunPath", "#/runs/") : registry;

    /// <summary>On the dashboard: the tracker's URL as "Experiment tracker", and an "Open tracker" command whose result
    /// (shown at once) is a link to it, with how to log in. (The AppHost cannot open the user's browser: it may run on
    /// another machine than the dashboard's viewer.)</summary>
    private static IResourceBuilder<T> WithDashboardEntry<T>(this IResourceBuilder<T> tracker, ApiSecurity security)
        where T : IResourceWithEndpoints
    {
        var endpoint = tracker.GetEndpoint("http");
        return tracker.WithUrlForEndpoint("http", url => url.DisplayText = "Experiment tracker")
            .WithCommand("open-tracker", "Open tracker", _ => Task.FromResult(CommandResults.Success(
                    $"The experiment tracker is at {endpoint.Url}", OpenTrackerMarkdown(endpoint.Url, security), CommandResultFormat.Markdown,
                    displayImmediately: true)),
                new CommandOptions
                {
                    Description = "A link to the experiment tracker's web UI (runs, metrics, training curves, models)",
                    IconName = "Open",
                    IsHighlighted = true,
                    UpdateState = context => context.ResourceSnapshot.HealthStatus == HealthStatus.Healthy
                        ? ResourceCommandState.Enabled : ResourceCommandState.Disabled,
                });
    }

    private static string OpenTrackerMarkdown(string url, ApiSecurity security) =>
        $"**[Open the experiment tracker]({url}/)** ({url})\n\n" + (security.OpenDevelopment
            ? "Open development: no login."
            : "The first visit asks for the platform's API key: the `api-key` parameter on this dashboard (Parameters), or `ApiKey` in credentials.json in the data folder.");

    // The official image checks no API key (its own auth app wants user names and passwords); see README "Security".
    // The official image has no psycopg2 and no Azure storage libraries, so it cannot use the platform's
    // PostgreSQL or Azurite: its runs live in SQLite and its artifacts in a volume, served through its own
    // artifact proxy (--serve-artifacts), which is what the platform's client uses anyway.
    private static IResourceBuilder<MlflowContainerResource> AddMlflowContainer(IDistributedApplicationBuilder builder, int port) =>
        builder.AddResource(new MlflowContainerResource(Name))
            .WithImage(MlflowImage, MlflowTag)
            .WithImageRegistry("ghcr.io")
            .WithArgs("mlflow", "server", "--host", "0.0.0.0", "--port", "5000",
                "--backend-store-uri", "sqlite:////mlflow/mlflow.db",
                "--serve-artifacts", "--artifacts-destination", "/mlflow/artifacts")
            .WithHttpEndpoint(port: port, targetPort: 5000, name: "http")
            .WithVolume("aevlp-mlflow", "/mlflow")
            .WithHttpHealthCheck("/health");
}
