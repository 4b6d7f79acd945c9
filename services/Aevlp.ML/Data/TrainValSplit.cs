namespace Aevlp.ML.Data;

/// <summary>Seeded split of N items into two sorted index sets, shaped like the reference's <c>generate_split</c>.</summary>
public static class TrainValSplit
{
    /// <summary>
    /// Shuffles 0..N−1 with <see cref="Random"/>(<paramref name="seed"/>) (Fisher–Yates from the last item down, one
    /// <c>Next(i + 1)</c> per step; the seeded System.Random algorithm is fixed across .NET versions) and takes the last round(fraction·N) as val,
    /// rounding half to even like numpy. Both index lists are sorted: this splits, it does not shuffle.
    /// The indices differ from the reference's numpy RandomState permutation; the seed is recorded with each run.
    /// </summary>
    public static (int[] Train, int[] Val) Indices(int count, double valFraction, int seed)
    {
        if (valFraction is < 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(valFraction), valFraction, "val_frac must be within [0, 1]");
        int valCount = Rounded(valFraction, count);
        var permutation = Permutation(count, new Random(seed));
        int[] train = permutation[..(count - valCount)];
        int[] val = permutation[(count - valCount)..];
        Array.Sort(train);
        Array.Sort(val);
        return (train, val);
    }

    /// <summary>
    /// The released code's subsampling (<c>ss_frac_train</c>, <c>ss_frac_val</c>): keeps round(fraction·N) of
    /// <paramref name="rows"/>, the first of a permutation drawn from <paramref name="random"/>, in their original order.
    /// One generator serves train then val, as in the released code, so the val draw follows the train draw.
    /// </summary>
    public static int[] Subsample(IReadOnlyList<int> rows, double fraction, Random random)
    {
        var kept = Permutation(rows.Count, random)[..Rounded(fraction, rows.Count)];
        Array.Sort(kept);
        return [.. kept.Select(i => rows[i])];
    }

    // numpy's round: half to even.
    private static int Rounded(double fraction, int count) => (int)Math.Round(fraction * count, MidpointRounding.ToEven);

    private static int[] Permutation(int count, Random random)
    {
        var permutation = Enumerable.Range(0, count).ToArray();
        for (int i = count - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (permutation[i], permutation[j]) = (permutation[j], permutation[i]);
        }
        return permutation;
    }
}
