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
    }

    public Counter<long> ImagesScored { get; }
    public Counter<long> ViewsScored { get; }
    public Histogram<double> ViewsPerSecond { get; }
    public Counter<long> Reused { get; }
}
