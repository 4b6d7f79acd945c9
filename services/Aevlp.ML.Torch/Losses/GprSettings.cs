namespace Aevlp.ML.Losses;

/// <summary>
/// The fixed GPR hyper-parameters (config names <c>q2q3</c>, <c>lam</c>, <c>rho</c>, <c>reg</c>, <c>use_pl</c>).
/// </summary>
/// <param name="Q2">Exponent of ℓ1, the term that treats a neutral entry as negative.</param>
/// <param name="Q3">Exponent of ℓ2, the term that treats a neutral entry as positive.</param>
/// <param name="Rho">Weight of the positive side in the pseudo-positive loss (the rest goes to the negative side).</param>
/// <param name="Lam1">V is clamped to [1 − Lam1, 1 − Lam2] for pseudo-positive entries.</param>
/// <param name="Lam2">See <paramref name="Lam1"/>.</param>
/// <param name="Reg">Weight of the expected-positive regulariser.</param>
/// <param name="UsePseudoLabels">When false, pseudo-positive and pseudo-negative entries contribute no loss.</param>
public sealed record GprSettings(double Q2, double Q3, double Rho, double Lam1, double Lam2, double Reg, bool UsePseudoLabels)
{
    /// <summary>Builds the settings from the config's array-valued keys <c>q2q3</c> and <c>lam</c>.</summary>
    public static GprSettings FromConfig(IReadOnlyList<double> q2q3, IReadOnlyList<double> lam, double rho, double reg, bool usePl)
    {
        RequireTwo(q2q3, nameof(q2q3));
        RequireTwo(lam, nameof(lam));
        return new GprSettings(q2q3[0], q2q3[1], rho, lam[0], lam[1], reg, usePl);
    }

    private static void RequireTwo(IReadOnlyList<double> values, string name)
    {
        ArgumentNullException.ThrowIfNull(values, name);
        if (values.Count != 2)
        {
            throw new ArgumentException($"expected 2 values, got {values.Count}", name);
        }
    }
}
