using Aevlp.Configuration;
using static TorchSharp.torch;

namespace Aevlp.ML.Losses;

/// <summary>The one place that maps a config loss to its implementation.</summary>
public static class LossSelector
{
    /// <summary>Computes <paramref name="loss"/> on <paramref name="batch"/>; the caller owns the scalar.</summary>
    /// <exception cref="ArgumentException">A tensor or option the loss needs is missing, or a shape differs.</exception>
    public static Tensor Compute(Loss loss, LossBatch batch, LossOptions options)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(options);
        var (logits, observed) = (batch.Logits, batch.Observed);
        return loss switch
        {
            Loss.Gpr => GprLoss.Compute(logits, observed,
                Required(batch.Pseudo, loss, nameof(LossBatch.Pseudo)),
                Required(options.GprWeights, loss, nameof(LossOptions.GprWeights)),
                Required(options.Gpr, loss, nameof(LossOptions.Gpr)), options.ExpectedPositives),
            Loss.Bce => BaselineLosses.Bce(logits, Required(batch.Truth, loss, nameof(LossBatch.Truth))),
            Loss.An => BaselineLosses.An(logits, observed),
            Loss.AnLs => BaselineLosses.AnLs(logits, observed, options.LabelSmoothing),
            Loss.Wan => BaselineLosses.Wan(logits, observed),
            Loss.Epr => BaselineLosses.Epr(logits, observed, options.ExpectedPositives),
            Loss.AnPl => BaselineLosses.AnPl(logits, observed, Required(batch.Pseudo, loss, nameof(LossBatch.Pseudo))),
            Loss.LlR => LargeLossModification.LlR(logits, observed, options.CleanRate),
            Loss.LlCt => LargeLossModification.LlCt(logits, observed, options.CleanRate),
            Loss.Role => RoleLoss.Compute(logits, observed,
                Required(batch.LabelEstimates, loss, nameof(LossBatch.LabelEstimates)), options.ExpectedPositives),
            _ => throw new ArgumentOutOfRangeException(nameof(loss), loss, null),
        };
    }

    private static T Required<T>(T? value, Loss loss, string name) where T : class =>
        value ?? throw new ArgumentException($"loss '{ConfigNames.Losses.Of(loss)}' needs {name}, got none", name);
}
