using static TorchSharp.torch;

namespace Aevlp.ML.Losses;

/// <summary>The one place that maps a config loss name to its implementation.</summary>
public static class LossSelector
{
    /// <summary>Every accepted config name; <c>gpr_loss</c> is the released configs' name for <c>gpr</c>.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["gpr", "gpr_loss", "bce", "an", "an_ls", "wan", "epr", "an_pl", "ll_r", "ll_ct", "role"];

    /// <summary>Computes loss <paramref name="name"/> on <paramref name="batch"/>; the caller owns the scalar.</summary>
    /// <exception cref="ArgumentException">Unknown name, a tensor or option the loss needs is missing, or a shape differs.</exception>
    public static Tensor Compute(string name, LossBatch batch, LossOptions options)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(options);
        var (logits, observed) = (batch.Logits, batch.Observed);
        return name switch
        {
            "gpr" or "gpr_loss" => GprLoss.Compute(logits, observed,
                Required(batch.Pseudo, name, nameof(LossBatch.Pseudo)),
                Required(options.GprWeights, name, nameof(LossOptions.GprWeights)),
                Required(options.Gpr, name, nameof(LossOptions.Gpr)), options.ExpectedPositives),
            "bce" => BaselineLosses.Bce(logits, Required(batch.Truth, name, nameof(LossBatch.Truth))),
            "an" => BaselineLosses.An(logits, observed),
            "an_ls" => BaselineLosses.AnLs(logits, observed, options.LabelSmoothing),
            "wan" => BaselineLosses.Wan(logits, observed),
            "epr" => BaselineLosses.Epr(logits, observed, options.ExpectedPositives),
            "an_pl" => BaselineLosses.AnPl(logits, observed, Required(batch.Pseudo, name, nameof(LossBatch.Pseudo))),
            "ll_r" => LargeLossModification.LlR(logits, observed, options.CleanRate),
            "ll_ct" => LargeLossModification.LlCt(logits, observed, options.CleanRate),
            "role" => RoleLoss.Compute(logits, observed,
                Required(batch.LabelEstimates, name, nameof(LossBatch.LabelEstimates)), options.ExpectedPositives),
            _ => throw new ArgumentException(
                $"expected one of {string.Join(", ", Names)}, got '{name}'", nameof(name)),
        };
    }

    private static T Required<T>(T? value, string lossName, string name) where T : class =>
        value ?? throw new ArgumentException($"loss '{lossName}' needs {name}, got none", name);
}
