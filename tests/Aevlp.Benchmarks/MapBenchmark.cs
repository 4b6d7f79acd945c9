using Aevlp.ML;
using Aevlp.ML.Metrics;

namespace Aevlp.Benchmarks;

/// <summary>mAP of a COCO-test-sized score matrix: the per-epoch validation cost.</summary>
public sealed class MapBenchmark : IBenchmark
{
    private const int Images = 50_000, Classes = 80, Seed = 1200;
    private const double PositiveRate = 0.036; // COCO: 2.9 positives of 80 classes

    public string Name => "map";
    public string Description => $"AP per class and mAP, {Images:N0} × {Classes} random scores";

    public Task RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        var random = new Random(Seed);
        var scores = new double[Images * Classes];
        var truth = new sbyte[Images * Classes];
        for (int i = 0; i < scores.Length; i++)
        {
            scores[i] = random.NextDouble();
            truth[i] = random.NextDouble() < PositiveRate ? (sbyte)1 : (sbyte)0;
        }
        var scoreMatrix = new RowMajorMatrix<double>(scores, Images, Classes);
        var truthMatrix = new RowMajorMatrix<sbyte>(truth, Images, Classes);

        double map = 0;
        var timing = Measure.Median(() => map = AveragePrecision.Compute(scoreMatrix, truthMatrix).MeanPercent, options.Runs);
        Console.WriteLine($"map: {timing} (mAP of random scores {map:F2})");
        return Task.CompletedTask;
    }
}
