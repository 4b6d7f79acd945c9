using static Aevlp.ML.Losses.LossTerms;
using static TorchSharp.torch;

namespace Aevlp.ML.Losses;

/// <summary>
/// The SPML baselines of spec §5, one function each, named after their config names. Every loss is the mean
/// over the B×C entries of <c>p = σ(logits)</c>; <c>observed</c> marks the single observed positive with 1.
/// Each returns a scalar the caller owns.
/// </summary>
public static class BaselineLosses
{
    /// <summary>bce, the full-label upper bound: nl(p) where Y=1, nl(1−p) elsewhere.</summary>
    public static Tensor Bce(Tensor logits, Tensor truth) => Scoped(() =>
    {
        TensorChecks.RequireLabelsFor(logits, truth, nameof(truth));
        var p = logits.sigmoid();
        return where(truth.eq(1), Nl(p), Nl(1 - p)).mean();
    });

    /// <summary>an, assume negative: nl(p) where O=1, nl(1−p) elsewhere.</summary>
    public static Tensor An(Tensor logits, Tensor observed)
    {
        TensorChecks.RequireLabelsFor(logits, observed, nameof(observed));
        return Bce(logits, observed);
    }

    /// <summary>an_ls, assume negative with label smoothing c: each side takes weight c of the other's loss.</summary>
    public static Tensor AnLs(Tensor logits, Tensor observed, double smoothing) => Scoped(() =>
    {
        TensorChecks.RequireLabelsFor(logits, observed, nameof(observed));
        var p = logits.sigmoid();
        var (positive, negative) = (Nl(p), Nl(1 - p));
        var asPositive = (1 - smoothing) * positive + smoothing * negative;
        var asNegative = (1 - smoothing) * negative + smoothing * positive;
        return where(observed.eq(1), asPositive, asNegative).mean();
    });

    /// <summary>wan, weak assume negative: like an, with the unknown entries divided by C − 1.</summary>
    public static Tensor Wan(Tensor logits, Tensor observed) => Scoped(() =>
    {
        TensorChecks.RequireLabelsFor(logits, observed, nameof(observed));
        var p = logits.sigmoid();
        double unknownWeight = 1.0 / (logits.shape[1] - 1);
        return where(observed.eq(1), Nl(p), unknownWeight * Nl(1 - p)).mean();
    });

    /// <summary>epr, expected positive regulariser: nl(p) where O=1, 0 elsewhere, plus (Σ_c p − k)²/C².</summary>
    public static Tensor Epr(Tensor logits, Tensor observed, double expectedPositives) => Scoped(() =>
    {
        TensorChecks.RequireLabelsFor(logits, observed, nameof(observed));
        var p = logits.sigmoid();
        return Only(observed.eq(1), Nl(p)).mean() + ExpectedPositiveRegularizer(p, expectedPositives);
    });

    /// <summary>an_pl, assume negative with pseudo-labels: nl(p) where F=1; nl(1−p) where O=0 and P&lt;1.</summary>
    public static Tensor AnPl(Tensor logits, Tensor observed, Tensor pseudo) => Scoped(() =>
    {
        TensorChecks.RequireLabelsFor(logits, observed, nameof(observed));
        TensorChecks.RequireLabelsFor(logits, pseudo, nameof(pseudo));
        var p = logits.sigmoid();
        var isObserved = observed.eq(1);
        var isPositive = isObserved.logical_or(pseudo.eq(1));
        var isNegative = isObserved.logical_not().logical_and(pseudo.lt(1));
        return (Only(isPositive, Nl(p)) + Only(isNegative, Nl(1 - p))).mean();
    });

    /// <summary>Runs <paramref name="loss"/> in a dispose scope and hands its result to the caller.</summary>
    internal static Tensor Scoped(Func<Tensor> loss)
    {
        using var scope = NewDisposeScope();
        return loss().MoveToOuterDisposeScope();
    }
}
