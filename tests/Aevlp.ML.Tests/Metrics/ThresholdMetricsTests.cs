using Aevlp.ML.Metrics;

namespace Aevlp.ML.Tests.Metrics;

public class ThresholdMetricsTests
{
    [Fact]
    public void Class_averaged_and_overall_metrics_follow_their_definitions()
    {
        // Class 0: predicted {0, 1}, positives {0}     → P 1/2, R 1/1.
        // Class 1: predicted {},     positives {1, 2}  → P 0 (nothing predicted), R 0/2.
        var scores = new RowMajorMatrix<double>([0.9, 0.1, 0.5, 0.4, 0.2, 0.3], 3, 2);
        var truth = new RowMajorMatrix<sbyte>([1, 0, 0, 1, 0, 1], 3, 2);

        var metrics = ThresholdMetrics.Compute(scores, truth);

        Assert.Equal(25.0, metrics.ClassAveragedPrecision, 12);
        Assert.Equal(50.0, metrics.ClassAveragedRecall, 12);
        Assert.Equal(2 * 25.0 * 50.0 / 75.0, metrics.ClassAveragedF1, 12);
        Assert.Equal(50.0, metrics.OverallPrecision, 12);
        Assert.Equal(100.0 / 3, metrics.OverallRecall, 12);
        Assert.Equal(40.0, metrics.OverallF1, 12);
    }
}
