using TorchSharp;
using static Aevlp.ML.Losses.LossTerms;
using static TorchSharp.torch;

namespace Aevlp.ML.Losses;

/// <summary>
/// The Generalized Pseudo-label Robust loss (spec §3). Every entry falls in exactly one group: observed
/// positive, pseudo positive, pseudo negative or neutral. K and V are computed from detached predictions,
/// so they weight the loss without being trained themselves.
/// </summary>
public static class GprLoss
{
    /// <param name="logits">[B, C] classifier logits z.</param>
    /// <param name="observed">[B, C]; 1 marks the observed positive, anything else is unknown.</param>
    /// <param name="pseudo">[B, C] pseudo-labels in {−1, 0, 1}.</param>
    /// <param name="expectedPositives">k, the dataset's average number of positives per image.</param>
    /// <returns>The scalar loss; the caller owns it.</returns>
    public static Tensor Compute(
        Tensor logits, Tensor observed, Tensor pseudo, GprWeights weights, GprSettings settings, double expectedPositives)
    {
        TensorChecks.RequireLabelsFor(logits, observed, nameof(observed));
        TensorChecks.RequireLabelsFor(logits, pseudo, nameof(pseudo));
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(settings);
        using var scope = NewDisposeScope();

        var p = logits.sigmoid();
        var pDetached = p.detach();
        var k = (pDetached * weights.W + weights.B).sigmoid();
        var v = ((pDetached - weights.Mu) / weights.Sigma).square().mul(-0.5).exp();

        var isObserved = observed.eq(1);
        var isUnknown = isObserved.logical_not();
        var isPseudoPositive = isUnknown.logical_and(pseudo.eq(1));
        var isPseudoNegative = isUnknown.logical_and(pseudo.eq(-1));
        var isNeutral = isUnknown.logical_and(pseudo.eq(0));

        var (asPositive, asNegative) = (Nl(p), Nl(1 - p));
        var entries = Only(isObserved, asPositive) + Only(isNeutral, NeutralLoss(logits, k, v, settings));
        if (settings.UsePseudoLabels)
        {
            entries = entries
                + Only(isPseudoPositive, PseudoPositiveLoss(asPositive, asNegative, v, settings))
                + Only(isPseudoNegative, v * asNegative);
        }
        var loss = entries.mean() + settings.Reg * ExpectedPositiveRegularizer(p, expectedPositives);
        return loss.MoveToOuterDisposeScope();
    }

    /// <summary>(1 − Vc)·(ρ·nl(p) + (1−ρ)·nl(1−p)), Vc = clamp(V, 1−λ1, 1−λ2); takes nl(p) and nl(1−p).</summary>
    private static Tensor PseudoPositiveLoss(Tensor asPositive, Tensor asNegative, Tensor v, GprSettings s)
    {
        var vClamped = v.clamp(1 - s.Lam1, 1 - s.Lam2);
        return (1 - vClamped) * (s.Rho * asPositive + (1 - s.Rho) * asNegative);
    }

    /// <summary>V·(K·ℓ1(p, q2) + (1−K)·ℓ2(p, q3)).</summary>
    private static Tensor NeutralLoss(Tensor logits, Tensor k, Tensor v, GprSettings s) =>
        v * (k * L1(logits, s.Q2) + (1 - k) * L2(logits, s.Q3));
}
