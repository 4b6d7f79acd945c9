using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Aevlp.Trainer.Telemetry;

/// <summary>The trainer's traces and metrics, shown on the Aspire dashboard.</summary>
public sealed class TrainerTelemetry : IDisposable
{
    public const string Name = "Aevlp.Trainer";

    public static readonly ActivitySource ActivitySource = new(Name);

    private readonly Meter meter;

    public TrainerTelemetry(IMeterFactory meters)
    {
        meter = meters.Create(Name);
        Epochs = meter.CreateCounter<long>("aevlp.trainer.epochs", description: "Epochs completed");
        Loss = meter.CreateHistogram<double>("aevlp.trainer.loss", description: "Training loss per batch");
        ValidationMap = meter.CreateHistogram<double>("aevlp.trainer.val_map", "%", "Validation mAP per epoch");
        ImagesPerSecond = meter.CreateHistogram<double>("aevlp.trainer.images_per_second", "{image}/s", "Training throughput per batch");
        RunsFinished = meter.CreateCounter<long>("aevlp.trainer.runs", description: "Runs ended, by outcome");
    }

    public Counter<long> Epochs { get; }
    public Histogram<double> Loss { get; }
    public Histogram<double> ValidationMap { get; }
    public Histogram<double> ImagesPerSecond { get; }
    public Counter<long> RunsFinished { get; }

    public void Dispose() => meter.Dispose();
}
