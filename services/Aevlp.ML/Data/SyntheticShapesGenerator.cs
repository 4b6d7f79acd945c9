using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Aevlp.ML.Data;

/// <summary>
/// A tiny dataset that needs no input data: each class is a coloured square or disc drawn in a cell of the
/// same 2×2 layout as the fashion mosaics; same folder format and manifest, deterministic from the seed.
/// </summary>
public static class SyntheticShapesGenerator
{
    public const string Name = "synthetic-shapes";

    public static readonly IReadOnlyList<string> ClassNames =
        ["red square", "green disc", "blue square", "yellow disc", "magenta square", "cyan disc", "white square", "orange disc"];

    private static readonly Rgb24[] Colours =
    [
        new(230, 30, 30), new(30, 200, 30), new(40, 60, 230), new(240, 220, 30),
        new(220, 40, 220), new(30, 220, 220), new(245, 245, 245), new(250, 140, 20),
    ];

    public static DatasetManifest Generate(SyntheticShapesOptions options, string outputDirectory, CancellationToken cancellationToken = default)
    {
        if (options.ClassCount < 1 || options.ClassCount > ClassNames.Count)
            throw new ArgumentException($"class count must be within 1..{ClassNames.Count}, got {options.ClassCount}");
        MosaicLayout.Validate(options.MinItems, options.MaxItems, options.ClassCount);
        if (options.CanvasSize < 8)
            throw new ArgumentException($"canvas size must be at least 8, got {options.CanvasSize}");

        var random = new Random(options.Seed);
        var writer = new SpmlFolderWriter(outputDirectory);
        var train = WriteImages(writer, "train", options.TrainCount, options, random, cancellationToken);
        var test = WriteImages(writer, "test", options.TestCount, options, random, cancellationToken);
        writer.WriteSplit(SpmlFiles.OfficialTrain, train.Paths, train.Labels, SinglePositiveSampler.Sample(train.Labels, options.Seed));
        writer.WriteSplit(SpmlFiles.OfficialVal, test.Paths, test.Labels, SinglePositiveSampler.Sample(test.Labels, options.Seed + 1));

        var counts = new SortedDictionary<string, int> { ["train"] = options.TrainCount, ["test"] = options.TestCount };
        return writer.WriteManifest(Name, ClassNames.Take(options.ClassCount).ToArray(), options.Seed, options, counts);
    }

    private static (string[] Paths, LabelMatrix Labels) WriteImages(SpmlFolderWriter writer, string folder, int count,
        SyntheticShapesOptions options, Random random, CancellationToken cancellationToken)
    {
        var paths = new string[count];
        var positives = new List<int>[count];
        for (int i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var placements = MosaicLayout.Draw(random, options.ClassCount, options.MinItems, options.MaxItems);
            using var image = new Image<Rgb24>(options.CanvasSize, options.CanvasSize);
            foreach (var placement in placements) Draw(image, placement, options.CanvasSize);
            paths[i] = writer.SavePng(image, folder, i);
            positives[i] = placements.Select(p => p.ClassIndex).ToList();
        }
        return (paths, LabelMatrix.FromPositives(positives, options.ClassCount));
    }

    /// <summary>Fills the middle three quarters of the cell: a square for even classes, a disc for odd ones.</summary>
    private static void Draw(Image<Rgb24> image, MosaicPlacement placement, int canvasSize)
    {
        var (left, top) = MosaicLayout.CellOrigin(placement.Cell, canvasSize);
        int cell = canvasSize / MosaicLayout.DefaultCellsPerSide;
        double centre = (cell - 1) / 2.0, radius = cell * 3 / 8.0;
        bool disc = placement.ClassIndex % 2 == 1;
        for (int y = 0; y < cell; y++)
        for (int x = 0; x < cell; x++)
        {
            double dx = x - centre, dy = y - centre;
            bool inside = disc ? dx * dx + dy * dy <= radius * radius : Math.Abs(dx) <= radius && Math.Abs(dy) <= radius;
            if (inside) image[left + x, top + y] = Colours[placement.ClassIndex];
        }
    }
}
