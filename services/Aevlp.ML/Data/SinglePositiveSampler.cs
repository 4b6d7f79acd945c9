namespace Aevlp.ML.Data;

/// <summary>Draws the single observed positive per image from its full labels (spec §1).</summary>
public static class SinglePositiveSampler
{
    /// <summary>
    /// For each row in order, one positive chosen uniformly with <c>new Random(seed).Next(k)</c> among the row's k
    /// positives (in class order); that entry is 1, all others 0. The seeded System.Random algorithm is stable across
    /// .NET versions, so the same seed gives the same labels everywhere. (The reference uses numpy RandomState(1200);
    /// the draws differ, the distribution is the same.)
    /// </summary>
    /// <exception cref="ArgumentException">A row has no positive; the message names the row.</exception>
    public static LabelMatrix Sample(LabelMatrix labels, int seed)
    {
        var random = new Random(seed);
        var observed = new float[labels.Values.Length];
        var positives = new int[labels.Classes];
        for (int row = 0; row < labels.Rows; row++)
        {
            int count = 0;
            var values = labels.Row(row);
            for (int c = 0; c < values.Length; c++)
                if (values[c] == 1f) positives[count++] = c;
            if (count == 0)
                throw new ArgumentException($"row {row} has no positive label; SPML needs at least one per image", nameof(labels));
            observed[row * labels.Classes + positives[random.Next(count)]] = 1f;
        }
        return new LabelMatrix(labels.Rows, labels.Classes, observed);
    }
}
