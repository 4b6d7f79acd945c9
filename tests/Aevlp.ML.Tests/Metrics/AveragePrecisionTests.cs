using Aevlp.ML.Metrics;

namespace Aevlp.ML.Tests.Metrics;

public class AveragePrecisionTests
{
    [Fact]
    public void All_tied_scores_give_the_positive_rate()
    {
        // One threshold: recall jumps 0 → 1 at precision 2/5, as scikit-learn computes it.
        double ap = AveragePrecision.OfClass([0.3, 0.3, 0.3, 0.3, 0.3], [1, 0, 1, 0, 0]);
        Assert.Equal(0.4, ap, 12);
    }

    [Fact]
    public void Ties_are_grouped_into_one_step()
    {
        // Ranked: 0.9 (pos), then {0.5 pos, 0.5 neg}, then 0.1 (pos). sklearn: 1/3·1 + 1/3·2/3 + 1/3·3/4.
        double ap = AveragePrecision.OfClass([0.9, 0.5, 0.5, 0.1], [1, 1, 0, 1]);
        Assert.Equal((1.0 + 2.0 / 3 + 0.75) / 3, ap, 12);
    }

    [Fact]
    public void Class_without_positives_gets_zero_and_counts_in_the_mean()
    {
        var scores = new RowMajorMatrix<double>([0.9, 0.1, 0.2, 0.8], 2, 2);
        var truth = new RowMajorMatrix<sbyte>([1, 0, 0, 0], 2, 2);

        var map = AveragePrecision.Compute(scores, truth);

        Assert.Equal([100.0, 0.0], map.ClassPercent);
        Assert.Equal(50.0, map.MeanPercent, 12);
    }

    [Fact]
    public void Mismatched_shapes_name_the_argument_and_both_shapes()
    {
        var scores = new RowMajorMatrix<double>(new double[6], 2, 3);
        var truth = new RowMajorMatrix<sbyte>(new sbyte[6], 3, 2);

        var error = Assert.Throws<ArgumentException>(() => AveragePrecision.Compute(scores, truth));

        Assert.Equal("truth", error.ParamName);
        Assert.Contains("[2, 3]", error.Message);
        Assert.Contains("[3, 2]", error.Message);
    }

    [Fact]
    public void NaN_scores_are_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => AveragePrecision.OfClass([0.1, double.NaN], [1, 0]));
        Assert.Equal("scores", error.ParamName);
    }
}
