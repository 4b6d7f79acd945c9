using Microsoft.Extensions.Configuration;

namespace Aevlp.Tracking.Client;

/// <summary>Where the tracker is and how long one call may take. Bound from the "MlflowTracking" section; the URI
/// otherwise comes from the Aspire reference (services:tracking:http:0), ConnectionStrings:tracking or
/// MLFLOW_TRACKING_URI, in that order; the API key from "MlflowTracking:ApiKey", else the platform's Security:ApiKey (what the
/// AppHost passes every service as Security__ApiKey), else MLFLOW_TRACKING_TOKEN.</summary>
public sealed class MlflowTrackingOptions
{
    public const string Section = "MlflowTracking";

    public Uri? TrackingUri { get; set; }

    /// <summary>Per call, retries included. Long because artifact uploads stream whole model files.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(10);

    public int MaxRetries { get; set; } = 4;

    /// <summary>Sent as <c>Authorization: Bearer &lt;key&gt;</c> on every request when set (as MLflow clients send
    /// MLFLOW_TRACKING_TOKEN). Never logged.</summary>
    public string? ApiKey { get; set; }

    internal static string? FindApiKey(IConfiguration configuration) =>
        new[] { configuration["Security:ApiKey"], configuration["MLFLOW_TRACKING_TOKEN"] }
            .FirstOrDefault(value => !string.IsNullOrWhiteSpace(value));

    internal static string? FindUri(IConfiguration configuration, string connectionName) =>
        new[]
        {
            configuration[$"services:{connectionName}:http:0"],
            configuration[$"services:{connectionName}:https:0"],
            configuration.GetConnectionString(connectionName),
            configuration["MLFLOW_TRACKING_URI"],
        }.FirstOrDefault(value => !string.IsNullOrWhiteSpace(value));

    internal bool IsValid() =>
        TrackingUri is { IsAbsoluteUri: true } uri && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && Timeout > TimeSpan.Zero && MaxRetries >= 0;
}
