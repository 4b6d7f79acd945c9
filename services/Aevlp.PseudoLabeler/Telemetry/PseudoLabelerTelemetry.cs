using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Aevlp.PseudoLabeler.Telemetry;

/// <summary>The service's traces and metrics, shown in the Aspire dashboard under "Aevlp.PseudoLabeler".</summary>
public sealed class PseudoLabelerTelemetry
{
    public const string Name = "Aevlp.PseudoLabeler";

    public static readonly ActivitySource ActivitySource = new(Name);

    public PseudoLabelerTelemetry(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        ImagesScored = meter.CreateCounter<long>("aevlp.pseudolabeler.images", "{image}", "Images whose views the teacher scored");
        ViewsScored = meter.CreateCounter<long>("aevlp.pseudolabeler.views", "{view}", "Views (× variants) the teacher scored");
        ViewsPerSecond = meter.CreateHistogram<double>("aevlp.pseudolabeler.views_per_second", "{view}/s", "Teacher throughput of each computed key");
        Reused = meter.CreateCounter<long>("aevlp.pseudolabeler.reused", "{request}", "Requests answered from cached logits");
        Chunks = meter.CreateCounter<long>("aevlp.pseudolabeler.chunks", "{chunk}", "Chunk deliveries by outcome: scored, duplicate, merged, unwanted");
        MergeSeconds = meter.CreateHistogram<double>("aevlp.pseudolabeler.merge_seconds", "s", "Writing logits.npy from a pass's chunks");
    }

    public Counter<long> ImagesScored { get; }
    public Counter<long> ViewsScored { get; }
    public Histogram<double> ViewsPerSecond { get; }
    public Counter<long> Reused { get; }
    public Counter<long> Chunks { get; }
    public Histogram<double> MergeSeconds { get; }
}
