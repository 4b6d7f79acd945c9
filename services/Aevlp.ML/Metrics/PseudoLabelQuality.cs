namespace Aevlp.ML.Metrics;

/// <summary>
/// How good the pseudo-positives are (spec §6), in percent. Only the labels the pseudo-labeller had to
/// discover count: the observed positive is excluded from both the pseudo-positives and the targets.
/// F1 is the true 2PR/(P+R) (the released code logs PR/(P+R), half of it). 0/0 counts as 0.
/// </summary>
public sealed record PseudoLabelQuality(double Precision, double Recall, double F1)
{
    /// <param name="pseudo">[N, C] pseudo-labels in {−1, 0, 1}.</param>
    /// <param name="observed">[N, C] observed labels; 1 marks the observed positive.</param>
    /// <param name="truth">[N, C] full labels; 1 is positive.</param>
    public static PseudoLabelQuality Compute(
        RowMajorMatrix<sbyte> pseudo, RowMajorMatrix<sbyte> observed, RowMajorMatrix<sbyte> truth)
    {
        ArgumentNullException.ThrowIfNull(pseudo);
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(truth);
        pseudo.RequireSameShape(observed, nameof(observed));
        pseudo.RequireSameShape(truth, nameof(truth));

        long pseudoPositives = 0, correct = 0, toDiscover = 0;
        for (int i = 0; i < pseudo.Values.Length; i++)
        {
            if (observed.Values[i] == 1) continue;
            bool isPseudoPositive = pseudo.Values[i] == 1, isPositive = truth.Values[i] == 1;
            if (isPseudoPositive) pseudoPositives++;
            if (isPositive) toDiscover++;
            if (isPseudoPositive && isPositive) correct++;
        }
        double precision = Ratios.Percent(correct, pseudoPositives);
        double recall = Ratios.Percent(correct, toDiscover);
        return new PseudoLabelQuality(precision, recall, Ratios.F1(precision, recall));
    }
}
