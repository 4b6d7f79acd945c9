using static Aevlp.ML.Losses.LossTerms;
using static TorchSharp.torch;

namespace Aevlp.ML.Losses;

/// <summary>
/// role (Cole et al., CVPR 2021): the classifier and the per-image label estimates each get the EPR loss
/// plus a BCE toward the other's detached output, so each teaches the other without chasing its own tail.
/// The two halves are averaged, as in the reference code.
/// </summary>
public static class RoleLoss
{
    /// <param name="logits">[B, C] classifier logits.</param>
    /// <param name="observed">[B, C]; 1 marks the observed positive.</param>
    /// <param name="estimates">[B, C] label-estimate probabilities of the same images, from
    /// <see cref="RoleLabelEstimates"/>; gradient flows into them.</param>
    public static Tensor Compute(Tensor logits, Tensor observed, Tensor estimates, double expectedPositives) =>
        BaselineLosses.Scoped(() =>
        {
            TensorChecks.RequireLabelsFor(logits, observed, nameof(observed));
            TensorChecks.RequireLabelsFor(logits, estimates, nameof(estimates));
            var p = logits.sigmoid();
            var isObserved = observed.eq(1);
            var classifier = TrainedToward(p, estimates.detach(), isObserved, expectedPositives);
            var estimator = TrainedToward(estimates, p.detach(), isObserved, expectedPositives);
            return 0.5 * (classifier + estimator);
        });

    /// <summary>Mean of nl(q) at observed positives and BCE(q, target), plus the EPR term for q.</summary>
    private static Tensor TrainedToward(Tensor q, Tensor target, Tensor isObserved, double expectedPositives)
    {
        var crossEntropy = target * Nl(q) + (1 - target) * Nl(1 - q);
        return (Only(isObserved, Nl(q)) + crossEntropy).mean() + ExpectedPositiveRegularizer(q, expectedPositives);
    }
}
