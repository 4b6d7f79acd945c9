using Aevlp.ML.Metrics;

namespace Aevlp.ML.Tests.Metrics;

public class PseudoLabelQualityTests
{
    [Fact]
    public void Nothing_to_predict_and_nothing_predicted_scores_zero_not_NaN()
    {
        // The only positive is the observed one, and no pseudo-positive was given.
        var pseudo = new RowMajorMatrix<sbyte>([1, 0, -1], 1, 3);
        var observed = new RowMajorMatrix<sbyte>([1, 0, 0], 1, 3);
        var truth = new RowMajorMatrix<sbyte>([1, 0, 0], 1, 3);

        Assert.Equal(new PseudoLabelQuality(0, 0, 0), PseudoLabelQuality.Compute(pseudo, observed, truth));
    }

    [Fact]
    public void Observed_positive_is_not_counted_as_a_found_pseudo_positive()
    {
        var pseudo = new RowMajorMatrix<sbyte>([1, 1, 0, 1], 1, 4);
        var observed = new RowMajorMatrix<sbyte>([1, 0, 0, 0], 1, 4);
        var truth = new RowMajorMatrix<sbyte>([1, 1, 1, 0], 1, 4);

        var quality = PseudoLabelQuality.Compute(pseudo, observed, truth);

        Assert.Equal(50.0, quality.Precision, 12);
        Assert.Equal(50.0, quality.Recall, 12);
        Assert.Equal(50.0, quality.F1, 12);
    }
}
