namespace Aevlp.ML.Images;

/// <summary>
/// The loader's random choices as pure functions of (seed, epoch, image), so they do not depend on which worker
/// decodes which image or when.
/// </summary>
internal static class EpochRandomness
{
    public static int[] Order(int count, bool shuffle, int seed, int epoch)
    {
        var order = Enumerable.Range(0, count).ToArray();
        if (shuffle) Generator(seed, epoch, -1).Shuffle(order);
        return order;
    }

    public static bool Flip(int seed, int epoch, int image) => (Mix(seed, epoch, image) & 1) == 1;

    /// <summary>One of <paramref name="count"/> options for <paramref name="item"/> in <paramref name="epoch"/>.</summary>
    public static int Choice(int seed, int epoch, int item, int count) => (int)(Mix(seed, epoch, item) % (ulong)count);

    /// <summary>A generator seeded from the three inputs alone (never from <see cref="HashCode"/>, which .NET
    /// randomises per process).</summary>
    public static Random Generator(int seed, int epoch, int item) => new(unchecked((int)Mix(seed, epoch, item)));

    /// <summary>SplitMix64 finaliser over the three inputs: well mixed, cheap, and identical on every platform.</summary>
    private static ulong Mix(int seed, int epoch, int image)
    {
        ulong z = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL ^ (ulong)(uint)epoch << 32 ^ (uint)image;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
