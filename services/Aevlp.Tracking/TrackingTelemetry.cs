using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Aevlp.Tracking;

/// <summary>The service's own traces and metrics, shown in the Aspire dashboard (registered with AddServiceTelemetry).</summary>
public sealed class TrackingTelemetry : IDisposable
{
    public const string Name = "Aevlp.Tracking";

    public static readonly ActivitySource Source = new(Name);

    private readonly Meter meter;

    public TrackingTelemetry(IMeterFactory meters)
    {
        meter = meters.Create(Name);
        MetricsLogged = meter.CreateCounter<long>("aevlp.tracking.metrics_logged", description: "Metric values written");
        ArtifactBytesUploaded = meter.CreateCounter<long>("aevlp.tracking.artifact_bytes_uploaded", "By", "Artifact bytes committed");
        SearchDuration = meter.CreateHistogram<double>("aevlp.tracking.search_duration", "ms", "runs/search time in the database");
        RunsAssembled = meter.CreateCounter<long>("aevlp.tracking.runs_assembled", description:
            "Runs answered by runs/get or runs/search, by whether the run cache held their current version (cached: true/false)");
    }

    public Counter<long> MetricsLogged { get; }

    public Counter<long> ArtifactBytesUploaded { get; }

    public Histogram<double> SearchDuration { get; }

    public Counter<long> RunsAssembled { get; }

    public void Dispose() => meter.Dispose();
}
