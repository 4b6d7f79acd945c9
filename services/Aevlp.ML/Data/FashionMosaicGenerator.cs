using Aevlp.ML.Npy;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Aevlp.ML.Data;

/// <summary>
/// The embedded demo dataset: 1–4 Fashion-MNIST garments on a black canvas, labels = the classes present (or a harder
/// variant: more cells, smaller garments, garments that overlap; <see cref="FashionMosaicOptions"/>).
/// Train mosaics use the Fashion-MNIST train split, test mosaics (written as the official "val" files) the test split.
/// Deterministic: one <see cref="Random"/>(Seed) drives, in order, the held-out selection, the train mosaics and the
/// test mosaics; PNG encoding is managed code, so the same options give byte-identical files (for a given .NET
/// and ImageSharp version).
/// </summary>
public static class FashionMosaicGenerator
{
    public const string Name = "fashion-mosaic";
    public const string HeldOutImagesFile = "heldout_images.npy";
    /// <summary>int64 class index per held-out image.</summary>
    public const string HeldOutLabelsFile = "heldout_labels.npy";
    private const int GarmentSize = 28;

    public static DatasetManifest Generate(FashionMosaicOptions options, string outputDirectory, CancellationToken cancellationToken = default) =>
        Generate(options, outputDirectory, FashionMnist.LoadTrain(), FashionMnist.LoadTest(), cancellationToken);

    public static DatasetManifest Generate(FashionMosaicOptions options, string outputDirectory,
        IdxImageSet train, IdxImageSet test, CancellationToken cancellationToken = default)
    {
        Validate(options, train, test);
        int classes = FashionMnist.ClassNames.Count;
        var random = new Random(options.Seed);
        var writer = new SpmlFolderWriter(outputDirectory);

        var trainPools = ShuffledIndicesByClass(train, classes, random);
        var heldOut = trainPools.SelectMany((pool, c) => pool[..options.HeldOutPerClass].Select(i => (Index: i, Class: c))).ToArray();
        trainPools = trainPools.Select(pool => pool[options.HeldOutPerClass..]).ToArray();
        var testPools = ShuffledIndicesByClass(test, classes, random);

        var trainLabels = WriteMosaics(writer, "train", options.TrainCount, train, trainPools, options, random, cancellationToken);
        var testLabels = WriteMosaics(writer, "test", options.TestCount, test, testPools, options, random, cancellationToken);
        WriteSplit(writer, SpmlFiles.OfficialTrain, trainLabels, options.Seed);
        WriteSplit(writer, SpmlFiles.OfficialVal, testLabels, options.Seed + 1);
        WriteHeldOut(writer, train, heldOut, cancellationToken);

        var counts = new SortedDictionary<string, int>
        {
            ["train"] = options.TrainCount, ["test"] = options.TestCount, ["heldout"] = heldOut.Length,
        };
        return writer.WriteManifest(Name, FashionMnist.ClassNames, options.Seed, options, counts);
    }

    /// <summary>What is wrong with the options, found before any image is read; null when nothing is.</summary>
    public static string? Problem(FashionMosaicOptions options) =>
        options.Grid is < 2 or > 4 ? $"grid {options.Grid}: expected 2 to 4 cells per side"
        : options.MinScale is not (>= 0.25 and <= 1) ? $"min scale {options.MinScale}: expected 0.25 to 1"
        : options.Occlusion is not (>= 0 and <= 0.5) ? $"occlusion {options.Occlusion}: expected 0 to 0.5"
        : MosaicLayout.Problem(options.MinItems, options.MaxItems, FashionMnist.ClassNames.Count, options.Grid) is { } items ? items
        : options.CanvasSize / options.Grid < GarmentSize
            ? $"canvas size {options.CanvasSize} is too small: each of the {options.Grid}×{options.Grid} cells must hold a 28×28 garment (≥ {options.Grid * GarmentSize})"
        : options.TrainCount < 0 || options.TestCount < 0 || options.HeldOutPerClass < 0 ? "image counts must not be negative"
        : null;

    private static void Validate(FashionMosaicOptions options, IdxImageSet train, IdxImageSet test)
    {
        if (Problem(options) is { } problem) throw new ArgumentException(problem);
        foreach (var set in new[] { train, test })
            if (set.Height != GarmentSize || set.Width != GarmentSize)
                throw new ArgumentException($"expected 28×28 Fashion-MNIST images, got {set.Height}×{set.Width}");
    }

    private static int[][] ShuffledIndicesByClass(IdxImageSet set, int classes, Random random)
    {
        var pools = Enumerable.Range(0, classes)
            .Select(c => Enumerable.Range(0, set.Count).Where(i => set.Labels[i] == c).ToArray())
            .ToArray();
        foreach (var pool in pools) random.Shuffle(pool);
        return pools;
    }

    private static (string[] Paths, LabelMatrix Labels) WriteMosaics(SpmlFolderWriter writer, string folder, int count,
        IdxImageSet source, int[][] pools, FashionMosaicOptions options, Random random, CancellationToken cancellationToken)
    {
        var paths = new string[count];
        var positives = new List<int>[count];
        for (int i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var placements = MosaicLayout.Draw(random, pools.Length, options.MinItems, options.MaxItems, options.Grid);
            var canvas = new byte[options.CanvasSize * options.CanvasSize];
            foreach (var placement in placements)
            {
                var pool = pools[placement.ClassIndex];
                if (pool.Length == 0)
                    throw new ArgumentException($"no {folder} image of class {FashionMnist.ClassNames[placement.ClassIndex]} is left to compose with");
                var garment = source.Image(pool[random.Next(pool.Length)]);
                var (side, pixels) = Scaled(garment, options.MinScale, random);
                var (x, y) = MosaicLayout.CellOrigin(placement.Cell, options.CanvasSize, options.Grid);
                int jitter = options.CanvasSize / options.Grid - side, reach = (int)(options.Occlusion * side);
                Paste(pixels, side, canvas, options.CanvasSize,
                    Math.Clamp(x - reach + random.Next(jitter + 2 * reach + 1), 0, options.CanvasSize - side),
                    Math.Clamp(y - reach + random.Next(jitter + 2 * reach + 1), 0, options.CanvasSize - side));
            }
            using var image = Image.LoadPixelData<L8>(canvas, options.CanvasSize, options.CanvasSize);
            paths[i] = writer.SavePng(image, folder, i);
            positives[i] = placements.Select(p => p.ClassIndex).ToList();
        }
        return (paths, LabelMatrix.FromPositives(positives, pools.Length));
    }

    /// <summary>The garment at a side drawn from [minScale × 28, 28]; at scale 1 as it is, with no draw, so the demo's images
    /// stay what they were.</summary>
    private static (int Side, byte[] Pixels) Scaled(ReadOnlySpan<byte> garment, double minScale, Random random)
    {
        if (minScale >= 1) return (GarmentSize, garment.ToArray());
        int side = random.Next((int)Math.Ceiling(minScale * GarmentSize), GarmentSize + 1);
        using var image = Image.LoadPixelData<L8>(garment, GarmentSize, GarmentSize);
        image.Mutate(resize => resize.Resize(side, side));
        var pixels = new byte[side * side];
        image.CopyPixelDataTo(pixels);
        return (side, pixels);
    }

    /// <summary>Draws the garment's own pixels over the canvas; its black background leaves what is below it, so a garment
    /// drawn later covers only where it is.</summary>
    private static void Paste(byte[] garment, int side, byte[] canvas, int canvasSize, int left, int top)
    {
        for (int row = 0; row < side; row++)
        for (int column = 0; column < side; column++)
        {
            var pixel = garment[row * side + column];
            if (pixel > 0) canvas[(top + row) * canvasSize + left + column] = pixel;
        }
    }

    private static void WriteSplit(SpmlFolderWriter writer, string officialSplit, (string[] Paths, LabelMatrix Labels) split, int seed) =>
        writer.WriteSplit(officialSplit, split.Paths, split.Labels, SinglePositiveSampler.Sample(split.Labels, seed));

    private static void WriteHeldOut(SpmlFolderWriter writer, IdxImageSet train, (int Index, int Class)[] heldOut, CancellationToken cancellationToken)
    {
        var paths = new string[heldOut.Length];
        for (int i = 0; i < heldOut.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var image = Image.LoadPixelData<L8>(train.Image(heldOut[i].Index), GarmentSize, GarmentSize);
            paths[i] = writer.SavePng(image, "heldout", i);
        }
        writer.WriteNpy(HeldOutImagesFile, NpyArray.OfStrings(paths));
        writer.WriteNpy(HeldOutLabelsFile, NpyArray.Of(heldOut.Select(h => (long)h.Class).ToArray()));
    }
}
