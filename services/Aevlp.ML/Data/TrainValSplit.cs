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
        int valCount = (int)Math.Round(valFraction * count, MidpointRounding.ToEven);
        var permutation = Enumerable.Range(0, count).ToArray();
        var random = new Random(seed);
        for (int i = count - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (permutation[i], permutation[j]) = (permutation[j], permutation[i]);
        }
        int[] train = permutation[..(count - valCount)];
        int[] val = permutation[(count - valCount)..];
        Array.Sort(train);
        Array.Sort(val);
        return (train, val);
    }
}
