namespace Aevlp.ML.Losses;

/// <summary>The GPR weight parameters for one epoch: K = σ(w·p̄ + b), V = exp(−½((p̄ − mu)/sigma)²).</summary>
public sealed record GprWeights(double W, double B, double Mu, double Sigma);

/// <summary>
/// Linear schedules of the GPR weights over training (spec §3). The config's <c>beta</c> = [w0, wmax, b0, bmax]
/// drives K and <c>alpha</c> = [mu0, s0, mumax, smax] drives V. K's schedule deliberately lags V's by one
/// epoch, as in the released code.
/// </summary>
public sealed record GprSchedule(
    double W0, double WMax, double B0, double BMax,
    double Mu0, double Sigma0, double MuMax, double SigmaMax)
{
    /// <summary>Builds the schedule from the config arrays <c>beta</c> and <c>alpha</c> (4 values each).</summary>
    public static GprSchedule FromConfig(IReadOnlyList<double> beta, IReadOnlyList<double> alpha)
    {
        RequireFour(beta, nameof(beta));
        RequireFour(alpha, nameof(alpha));
        return new GprSchedule(beta[0], beta[1], beta[2], beta[3], alpha[0], alpha[1], alpha[2], alpha[3]);
    }

    /// <summary>The weights for 1-based <paramref name="epoch"/> of <paramref name="numEpochs"/>, after
    /// <paramref name="linearInit"/> head-only epochs.</summary>
    public GprWeights At(int epoch, int numEpochs, int linearInit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epoch, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(linearInit);
        if (numEpochs <= linearInit)
        {
            throw new ArgumentException(
                $"expected num_epochs > linear_init = {linearInit}, got {numEpochs}", nameof(numEpochs));
        }
        double span = numEpochs - linearInit;
        double fb = Math.Max(epoch - linearInit - 1, 0) / span;
        double fa = Math.Max(epoch - linearInit, 0) / span;
        return new GprWeights(
            Interpolate(W0, WMax, fb), Interpolate(B0, BMax, fb),
            Interpolate(Mu0, MuMax, fa), Interpolate(Sigma0, SigmaMax, fa));
    }

    private static double Interpolate(double start, double end, double fraction) => start + (end - start) * fraction;

    private static void RequireFour(IReadOnlyList<double> values, string name)
    {
        ArgumentNullException.ThrowIfNull(values, name);
        if (values.Count != 4)
        {
            throw new ArgumentException($"expected 4 values, got {values.Count}", name);
        }
    }
}
