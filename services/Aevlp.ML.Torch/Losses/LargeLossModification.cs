using static Aevlp.ML.Losses.LossTerms;
using static TorchSharp.torch;

namespace Aevlp.ML.Losses;

/// <summary>
/// Large-loss rejection (ll_r) and correction (ll_ct), Kim et al., CVPR 2022 (spec §5). Early in training the
/// network fits clean labels first, so the unknown entries with the largest assume-negative loss are the
/// likeliest false negatives: with k = ⌈B·C·(1 − clean_rate)⌉, the unknown entries whose loss is at least the
/// k-th largest unknown loss are dropped (ll_r) or trained toward label 1 instead (ll_ct).
/// </summary>
public static class LargeLossModification
{
    /// <summary>ll_r: the large-loss unknown entries contribute 0.</summary>
    public static Tensor LlR(Tensor logits, Tensor observed, double cleanRate) =>
        Modified(logits, observed, cleanRate, correct: false);

    /// <summary>ll_ct: the large-loss unknown entries get the loss toward label 1.</summary>
    public static Tensor LlCt(Tensor logits, Tensor observed, double cleanRate) =>
        Modified(logits, observed, cleanRate, correct: true);

    /// <summary>
    /// clean_rate for 1-based <paramref name="epoch"/>: 1 in the first epoch, then lower by
    /// <paramref name="deltaRelPercent"/> percent after each epoch (never below 0).
    /// </summary>
    public static double CleanRate(int epoch, double deltaRelPercent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epoch, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(deltaRelPercent);
        return Math.Max(1.0 - (epoch - 1) * deltaRelPercent / 100.0, 0.0);
    }

    /// <summary>How many of the B·C entries are rejected or corrected at <paramref name="cleanRate"/>.</summary>
    public static int LargeLossCount(long entries, double cleanRate)
    {
        if (cleanRate is < 0 or > 1)
        {
            throw new ArgumentException($"expected clean_rate in [0, 1], got {cleanRate}", nameof(cleanRate));
        }
        return (int)Math.Ceiling(entries * (1 - cleanRate));
    }

    private static Tensor Modified(Tensor logits, Tensor observed, double cleanRate, bool correct)
    {
        TensorChecks.RequireLabelsFor(logits, observed, nameof(observed));
        using var scope = NewDisposeScope();
        var isObserved = observed.eq(1);
        var assumeNegative = nn.functional.binary_cross_entropy_with_logits(
            logits, isObserved.to_type(logits.dtype), reduction: nn.Reduction.None);
        int count = LargeLossCount(logits.numel(), cleanRate);
        if (count == 0)
        {
            return assumeNegative.mean().MoveToOuterDisposeScope();
        }
        var unknownLoss = Only(isObserved.logical_not(), assumeNegative.detach());
        var threshold = unknownLoss.flatten().topk(count).values[count - 1];
        var isLarge = isObserved.logical_not().logical_and(unknownLoss.ge(threshold));
        var replacement = correct
            ? nn.functional.binary_cross_entropy_with_logits(logits, ones_like(logits), reduction: nn.Reduction.None)
            : zeros_like(logits);
        return where(isLarge, replacement, assumeNegative).mean().MoveToOuterDisposeScope();
    }
}
