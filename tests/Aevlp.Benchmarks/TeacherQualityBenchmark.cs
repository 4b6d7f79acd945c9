using Aevlp.ML.Inference;
using Aevlp.ML;
using Aevlp.ML.Data;
using Aevlp.ML.Metrics;
using Aevlp.ML.PseudoLabels;
using Aevlp.ML.Teachers;

namespace Aevlp.Benchmarks;

/// <summary>
/// Pseudo-label quality of the demo teacher on fashion-mosaic: DAMP vs the global view alone. Settings (grid, temp,
/// eta, threshold, top_k) are chosen on the first <see cref="TuningImages"/> train images, by DAMP's F1 and, separately,
/// by the global view's own F1; precision/recall/F1 are then reported on the test split (never used for tuning).
/// Unflipped views only (variant 0): the per-epoch flip draws from the same two states.
/// </summary>
public sealed class TeacherQualityBenchmark : IBenchmark
{
    private const int TuningImages = 400;
    private static readonly int[] Grids = [2, 3];
    private static readonly double[] Temperatures = [0.002, 0.005, 0.01, 0.02, 0.05];
    private static readonly double[] Thresholds = [0.05, 0.1, 0.2, 0.3, 0.5];
    private static readonly int[] TopKs = [2, 3, 4];
    private static readonly double[] Etas = [0.0, 0.3];

    public string Name => "teacher-quality";

    public string Description => "fashion-mosaic pseudo-label precision/recall/F1: DAMP vs global view, demo teacher";

    private sealed record Candidate(int Grid, PseudoLabelSettings Settings);

    private sealed record Split(ViewLogits Logits, int[] Observed, RowMajorMatrix<sbyte> ObservedMatrix, RowMajorMatrix<sbyte> Truth);

    public async Task RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        var execution = OnnxExecution.Cpu(options.Threads);
        DemoFashionMosaic.Ensure(execution);
        var dataset = DemoFashionMosaic.Load();
        using var teacher = Teacher.Load(DemoFashionMosaic.Teacher, execution);
        var tuning = dataset.OfficialTrain.SelectRows([.. Enumerable.Range(0, TuningImages)]);

        var tuningSplits = new Dictionary<int, Split>();
        foreach (int grid in Grids) tuningSplits[grid] = await ScoreAsync(teacher, tuning, grid, cancellationToken);
        var candidates = (from grid in Grids from temp in Temperatures from threshold in Thresholds from topK in TopKs from eta in Etas
                          select new Candidate(grid, new PseudoLabelSettings(temp, eta, topK, threshold, NegativeRatio: 0))).ToArray();
        var bestDamp = Best(candidates, c => Quality(tuningSplits[c.Grid], c.Settings, ViewAggregation.Damp).F1);
        var bestGlobal = Best(candidates.Where(c => c.Grid == Grids[0]), c => Quality(tuningSplits[c.Grid], c.Settings, ViewAggregation.GlobalViewOnly).F1);

        Report("tuning (train)", tuningSplits[bestDamp.Grid], bestDamp, bestGlobal, tuningSplits[Grids[0]]);
        var test = await ScoreAsync(teacher, dataset.Test, bestDamp.Grid, cancellationToken);
        Report("test", test, bestDamp, bestGlobal, test);
    }

    private static async Task<Split> ScoreAsync(Teacher teacher, SpmlSplit split, int grid, CancellationToken cancellationToken)
    {
        var paths = Enumerable.Range(0, split.Count).Select(split.FullImagePath).ToArray();
        var logits = await new TeacherScorer(teacher).ScoreAsync(paths, new TeacherScoringOptions(grid, Variants: 1), cancellationToken: cancellationToken);
        var observed = ToSbytes(split.ObservedLabels);
        return new Split(logits.Variant(0), ObservedPositives.ClassOf(observed), observed, ToSbytes(split.Labels));
    }

    private static RowMajorMatrix<sbyte> ToSbytes(LabelMatrix labels) =>
        new(Array.ConvertAll(labels.Values, v => (sbyte)v), labels.Rows, labels.Classes);

    private static PseudoLabelQuality Quality(Split split, PseudoLabelSettings settings, ViewAggregation aggregation) =>
        PseudoLabelQuality.Compute(PseudoLabeler.Generate(split.Logits, split.Observed, settings, aggregation), split.ObservedMatrix, split.Truth);

    private static Candidate Best(IEnumerable<Candidate> candidates, Func<Candidate, double> f1) => candidates.MaxBy(f1)!;

    private static void Report(string stage, Split dampSplit, Candidate damp, Candidate global, Split globalSplit)
    {
        Console.WriteLine($"{stage}, {dampSplit.Logits.Images} images:");
        Console.WriteLine($"  DAMP   G={damp.Grid} {Describe(damp.Settings)}: {Format(Quality(dampSplit, damp.Settings, ViewAggregation.Damp))}");
        Console.WriteLine($"  global same settings            : {Format(Quality(dampSplit, damp.Settings, ViewAggregation.GlobalViewOnly))}");
        Console.WriteLine($"  global own best {Describe(global.Settings)}: {Format(Quality(globalSplit, global.Settings, ViewAggregation.GlobalViewOnly))}");
    }

    private static string Describe(PseudoLabelSettings s) => $"temp {s.Temperature} eta {s.Eta} threshold {s.Threshold} top_k {s.TopK}";

    private static string Format(PseudoLabelQuality q) => $"P {q.Precision:F1}  R {q.Recall:F1}  F1 {q.F1:F1}";
}
