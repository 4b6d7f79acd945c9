using Aevlp.ML.Images;
using SixLabors.ImageSharp;

namespace Aevlp.ML.Teachers;

/// <summary>The A precomputed variants of one view (see <see cref="TeacherScoringOptions.Variants"/>).</summary>
internal static class ViewVariants
{
    private const double MinSideFraction = 0.8;

    public static bool IsFlipped(int variant) => variant % 2 == 1;

    /// <summary>Variants 0 and 1 share the view's own crop, so it is resized once for both.</summary>
    public static bool UsesPlainCrop(int variant) => variant < 2;

    /// <summary>A crop inside <paramref name="view"/>, the same for the same (seed, image, view, variant) on every machine.</summary>
    public static Rectangle Crop(Rectangle view, int seed, int image, int viewIndex, int variant)
    {
        var random = EpochRandomness.Generator(seed, image, viewIndex << 16 | variant);
        int width = Side(view.Width, random), height = Side(view.Height, random);
        return new Rectangle(view.X + random.Next(view.Width - width + 1), view.Y + random.Next(view.Height - height + 1), width, height);
    }

    private static int Side(int full, Random random) =>
        Math.Max(1, (int)Math.Round(full * (MinSideFraction + (1 - MinSideFraction) * random.NextDouble())));
}
