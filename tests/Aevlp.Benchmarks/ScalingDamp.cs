using Aevlp.ML;
using Aevlp.ML.PseudoLabels;
using Aevlp.ML.Training;

namespace Aevlp.Benchmarks;

/// <summary>
/// The pseudo-label work the trainer does at the start of every epoch (TrainingSession.PseudoLabelsOf): draw this
/// epoch's variant per view from the teacher logits, then DAMP over every train image.
/// </summary>
public static class ScalingDamp
{
    public static TimingResult Measure(TrainingData data, TrainingOptions options, int runs)
    {
        var observed = data.Train.ObservedLabels;
        var classes = ObservedPositives.ClassOf(new RowMajorMatrix<sbyte>(
            [.. observed.Values.Select(v => (sbyte)v)], observed.Rows, observed.Classes));
        return Benchmarks.Measure.Median(() =>
            PseudoLabeler.Generate(data.Teacher!.Sample(options.Seed, epoch: 1), classes, options.PseudoLabels!, options.ViewAggregation),
            runs);
    }
}
