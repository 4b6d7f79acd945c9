using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Aevlp.Evaluator.Telemetry;

public sealed class EvaluatorTelemetry : IDisposable
{
    public const string Name = "Aevlp.Evaluator";

    public static readonly ActivitySource ActivitySource = new(Name);

    private readonly Meter meter;

    public EvaluatorTelemetry(IMeterFactory meters)
    {
        meter = meters.Create(Name);
        ImagesScored = meter.CreateCounter<long>("aevlp.evaluator.images", "{image}", "Test images scored");
        TestMap = meter.CreateHistogram<double>("aevlp.evaluator.test_map", "%", "Test mAP of evaluated models");
    }

    public Counter<long> ImagesScored { get; }
    public Histogram<double> TestMap { get; }

    public void Dispose() => meter.Dispose();
}
