using static TorchSharp.torch;

namespace Aevlp.ML.Losses;

/// <summary>The element-wise pieces every loss is written in; names and ε follow the paper (spec §3, §5).</summary>
public static class LossTerms
{
    /// <summary>ε inside the logarithm, as in the reference code; it bounds nl at −log ε ≈ 16.1.</summary>
    public const double Epsilon = 1e-7;

    /// <summary>nl(x) = −log(x + ε).</summary>
    public static Tensor Nl(Tensor x) => (x + Epsilon).log().neg();

    /// <summary>
    /// ℓ1(p, q) = (1 − p^q)/q with p = σ(z). p^q is evaluated as exp(q·log σ(z)): the same value, but its
    /// gradient stays finite where a float32 σ(z) underflows to 0 (pow would give 0·∞ = NaN there).
    /// </summary>
    public static Tensor L1(Tensor logits, double q) =>
        (nn.functional.logsigmoid(logits) * q).exp().neg().add(1.0).div(q);

    /// <summary>ℓ2(p, q) = (1 − (1 − p)^q)/q with 1 − p = σ(−z); see <see cref="L1"/>.</summary>
    public static Tensor L2(Tensor logits, double q) =>
        (nn.functional.logsigmoid(logits.neg()) * q).exp().neg().add(1.0).div(q);

    /// <summary>
    /// The expected-positive regulariser (Σ_c p_ic averaged over the batch − k)² / C²: pulls the predicted
    /// number of positives per image toward the dataset's known average k.
    /// </summary>
    public static Tensor ExpectedPositiveRegularizer(Tensor predictions, double expectedPositives)
    {
        long classes = predictions.shape[1];
        return (predictions.sum(1).mean() - expectedPositives).square() / (double)(classes * classes);
    }

    /// <summary><paramref name="values"/> where <paramref name="mask"/> holds, 0 elsewhere (gradient 0 there too).</summary>
    public static Tensor Only(Tensor mask, Tensor values) => where(mask, values, zeros_like(values));
}
