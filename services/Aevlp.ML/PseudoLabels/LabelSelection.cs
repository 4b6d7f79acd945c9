namespace Aevlp.ML.PseudoLabels;

/// <summary>
/// Turns aggregated scores into labels in {−1, 0, 1} (spec §4): the top_k classes by final score that reach the
/// threshold are positive; of the ⌊negative_ratio·C⌋ classes with the lowest mixed score, those not positive
/// are negative (so a positive never becomes negative and may leave fewer negatives than the count; this is
/// what the reference fixtures encode). Ties go to the lower class index.
/// </summary>
internal sealed class LabelSelection(int classes)
{
    private readonly int[] chosen = new int[classes];
    private readonly float[] negatedMixed = new float[classes];

    public void Label(AggregatedScores scores, PseudoLabelSettings settings, Span<sbyte> labels)
    {
        labels.Clear();
        int candidates = Largest(scores.Final, Math.Min(settings.TopK, classes));
        for (int i = 0; i < candidates && scores.Final[chosen[i]] >= settings.Threshold; i++)
        {
            labels[chosen[i]] = 1;
        }

        for (int c = 0; c < classes; c++) negatedMixed[c] = -scores.Mixed[c];
        int lowest = Largest(negatedMixed, settings.NegativeCount(classes));
        for (int i = 0; i < lowest; i++)
        {
            if (labels[chosen[i]] != 1) labels[chosen[i]] = -1;
        }
    }

    /// <summary>
    /// Puts the indices of the <paramref name="count"/> largest keys into <see cref="chosen"/>, largest first,
    /// by insertion into a sorted prefix: cheaper than a full sort when count is small against C.
    /// </summary>
    private int Largest(float[] keys, int count)
    {
        int filled = 0;
        for (int c = 0; c < keys.Length && count > 0; c++)
        {
            if (filled == count && keys[c] <= keys[chosen[filled - 1]]) continue;
            int at = filled == count ? filled - 1 : filled++;
            for (; at > 0 && keys[chosen[at - 1]] < keys[c]; at--) chosen[at] = chosen[at - 1];
            chosen[at] = c;
        }
        return filled;
    }
}
