namespace Aevlp.ML.Metrics;

/// <summary>
/// The usual multi-label threshold metrics, in percent (spec §6): CP, CR, CF1 average precision and recall
/// over classes first; OP, OR, OF1 pool every image-class decision. A class with nothing predicted (or
/// nothing to find) contributes precision (recall) 0.
/// </summary>
public sealed record ThresholdMetrics(
    double ClassAveragedPrecision, double ClassAveragedRecall, double ClassAveragedF1,
    double OverallPrecision, double OverallRecall, double OverallF1)
{
    /// <summary>The threshold of the paper's tables: a class is predicted when its probability is ≥ 0.5.</summary>
    public const double DefaultThreshold = 0.5;

    /// <param name="scores">[N, C] probabilities.</param>
    /// <param name="truth">[N, C] labels; 1 is positive.</param>
    public static ThresholdMetrics Compute(
        RowMajorMatrix<double> scores, RowMajorMatrix<sbyte> truth, double threshold = DefaultThreshold)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(truth);
        scores.RequireSameShape(truth, nameof(truth));
        var (correct, predicted, actual) = CountPerClass(scores, truth, threshold);

        double classPrecision = 0, classRecall = 0;
        for (int c = 0; c < scores.Columns; c++)
        {
            classPrecision += Ratios.Percent(correct[c], predicted[c]);
            classRecall += Ratios.Percent(correct[c], actual[c]);
        }
        int classes = Math.Max(scores.Columns, 1);
        (classPrecision, classRecall) = (classPrecision / classes, classRecall / classes);
        long allCorrect = correct.Sum();
        double overallPrecision = Ratios.Percent(allCorrect, predicted.Sum());
        double overallRecall = Ratios.Percent(allCorrect, actual.Sum());
        return new ThresholdMetrics(
            classPrecision, classRecall, Ratios.F1(classPrecision, classRecall),
            overallPrecision, overallRecall, Ratios.F1(overallPrecision, overallRecall));
    }

    private static (long[] Correct, long[] Predicted, long[] Actual) CountPerClass(
        RowMajorMatrix<double> scores, RowMajorMatrix<sbyte> truth, double threshold)
    {
        var (correct, predicted, actual) = (new long[scores.Columns], new long[scores.Columns], new long[scores.Columns]);
        for (int i = 0; i < scores.Values.Length; i++)
        {
            int c = i % scores.Columns;
            bool isPredicted = scores.Values[i] >= threshold, isPositive = truth.Values[i] == 1;
            if (isPredicted) predicted[c]++;
            if (isPositive) actual[c]++;
            if (isPredicted && isPositive) correct[c]++;
        }
        return (correct, predicted, actual);
    }
}
