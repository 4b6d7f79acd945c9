using Aevlp.Tracking.Client;
using Microsoft.Extensions.Options;

namespace Aevlp.Registry.Tracking;

/// <summary>Links into the tracker's web UI for the API's answers. The base is the tracker's URL as the registry reaches it
/// (services:tracking:http:0 from the AppHost, http://localhost:5000 by default), which is also where a user on this
/// machine opens it.</summary>
public sealed class TrackerLinks(IOptions<MlflowTrackingOptions> tracker, IOptions<RegistryOptions> registry)
{
    /// <summary>The tracker's page of <paramref name="trackingRunId"/>, or null without one (or without a tracker URL).</summary>
    public string? RunUrl(string? trackingRunId) =>
        trackingRunId is null || tracker.Value.TrackingUri is not { IsAbsoluteUri: true } root ? null
            : $"{root.AbsoluteUri.TrimEnd('/')}/{registry.Value.TrackerRunPath}{Uri.EscapeDataString(trackingRunId)}";
}
