using Aevlp.ML.PseudoLabels;

namespace Aevlp.Benchmarks;

/// <summary>DAMP pseudo-labels for CUB-shaped teacher logits (4×4 grid, 312 classes): the per-epoch relabel cost.</summary>
public sealed class DampBenchmark : IBenchmark
{
    private const int Images = 10_000, Views = 17, Classes = 312, Seed = 1200;

    private static readonly PseudoLabelSettings Settings =
        new(Temperature: 0.02, Eta: 0.3, TopK: 32, Threshold: 0.005, NegativeRatio: 0.3);

    public string Name => "damp";
    public string Description => $"DAMP pseudo-labels, {Images:N0} images × {Views} views × {Classes} classes";

    public Task RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        var random = new Random(Seed);
        var values = new float[Images * Views * Classes];
        for (int i = 0; i < values.Length; i++) values[i] = (float)(0.15 + 0.2 * random.NextDouble()); // CLIP-like cosines
        var logits = new ViewLogits(values, Images, Views, Classes);
        var observed = Enumerable.Range(0, Images).Select(_ => random.Next(Classes)).ToArray();

        var timing = Measure.Median(() => PseudoLabeler.Generate(logits, observed, Settings), options.Runs);
        Console.WriteLine($"damp: {timing}; {timing.MedianSeconds / Images * 1e6:F2} µs per image");
        return Task.CompletedTask;
    }
}
