namespace Aevlp.ML.Metrics;

/// <summary>AP of every class in percent and their mean, mAP (spec §6).</summary>
public sealed record MeanAveragePrecision(double[] ClassPercent, double MeanPercent);

/// <summary>
/// Average precision exactly as scikit-learn's <c>average_precision_score</c>: Σ_n (R_n − R_{n−1})·P_n over
/// the distinct score thresholds in descending order, so tied scores form one step. A class without
/// positives gets AP 0 (scikit-learn warns and returns a meaningless value there).
/// </summary>
public static class AveragePrecision
{
    /// <summary>AP of each class (column) and mAP, in percent; classes run in parallel.</summary>
    /// <param name="scores">[N, C] scores; higher means more likely positive. NaN is rejected.</param>
    /// <param name="truth">[N, C] labels; 1 is positive, anything else negative.</param>
    public static MeanAveragePrecision Compute(RowMajorMatrix<double> scores, RowMajorMatrix<sbyte> truth)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(truth);
        scores.RequireSameShape(truth, nameof(truth));
        RequireNoNaN(scores.Values, nameof(scores));
        var classPercent = new double[scores.Columns];
        Parallel.For(0, scores.Columns,
            () => new ColumnBuffer(scores.Rows),
            (column, _, buffer) =>
            {
                buffer.Load(scores, truth, column);
                classPercent[column] = 100.0 * OfSortedColumn(buffer.NegatedScores, buffer.Labels);
                return buffer;
            },
            _ => { });
        double mean = classPercent.Length == 0 ? 0.0 : classPercent.Average();
        return new MeanAveragePrecision(classPercent, mean);
    }

    /// <summary>AP in [0, 1] of one class, given its scores and labels.</summary>
    public static double OfClass(ReadOnlySpan<double> scores, ReadOnlySpan<sbyte> truth)
    {
        if (scores.Length != truth.Length)
        {
            throw new ArgumentException($"expected {scores.Length} labels, got {truth.Length}", nameof(truth));
        }
        RequireNoNaN(scores, nameof(scores));
        var buffer = new ColumnBuffer(scores.Length);
        buffer.Load(scores, truth);
        return OfSortedColumn(buffer.NegatedScores, buffer.Labels);
    }

    /// <summary>The AP sum over a column sorted by ascending negated score (= descending score).</summary>
    private static double OfSortedColumn(double[] negatedScores, sbyte[] labels)
    {
        long positives = labels.AsSpan().Count((sbyte)1);
        if (positives == 0) return 0.0;
        double sum = 0, previousRecall = 0;
        long truePositives = 0, ranked = 0;
        for (int start = 0; start < labels.Length;)
        {
            int end = start;
            for (; end < labels.Length && negatedScores[end] == negatedScores[start]; end++)
            {
                if (labels[end] == 1) truePositives++;
            }
            ranked += end - start;
            double recall = (double)truePositives / positives;
            sum += (recall - previousRecall) * truePositives / ranked;
            previousRecall = recall;
            start = end;
        }
        return sum;
    }

    private static void RequireNoNaN(ReadOnlySpan<double> scores, string name)
    {
        foreach (double score in scores)
        {
            if (double.IsNaN(score)) throw new ArgumentException("expected scores without NaN, got NaN", name);
        }
    }

    /// <summary>One class's scores (negated, so an ascending sort ranks best first) and labels, reused per thread.</summary>
    private sealed class ColumnBuffer(int rows)
    {
        public double[] NegatedScores { get; } = new double[rows];
        public sbyte[] Labels { get; } = new sbyte[rows];

        public void Load(RowMajorMatrix<double> scores, RowMajorMatrix<sbyte> truth, int column)
        {
            for (int row = 0, at = column; row < scores.Rows; row++, at += scores.Columns)
            {
                NegatedScores[row] = -scores.Values[at];
                Labels[row] = truth.Values[at];
            }
            Array.Sort(NegatedScores, Labels);
        }

        public void Load(ReadOnlySpan<double> scores, ReadOnlySpan<sbyte> truth)
        {
            for (int row = 0; row < scores.Length; row++) NegatedScores[row] = -scores[row];
            truth.CopyTo(Labels);
            Array.Sort(NegatedScores, Labels);
        }
    }
}
