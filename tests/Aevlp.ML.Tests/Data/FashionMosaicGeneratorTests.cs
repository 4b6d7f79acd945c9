using Aevlp.ML.Data;
using Aevlp.ML.Npy;

namespace Aevlp.ML.Tests.Data;

/// <summary>Fashion-MNIST loaded once for the class (Debian package dataset-fashion-mnist).</summary>
public sealed class FashionMnistFixture
{
    public IdxImageSet Train { get; } = FashionMnist.LoadTrain();
    public IdxImageSet Test { get; } = FashionMnist.LoadTest();
}

public class FashionMosaicGeneratorTests(FashionMnistFixture mnist) : IClassFixture<FashionMnistFixture>, IDisposable
{
    private static readonly FashionMosaicOptions Small = new(Seed: 5, TrainCount: 200, TestCount: 60, HeldOutPerClass: 3);
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    private DatasetManifest Generate(FashionMosaicOptions options, string name) =>
        FashionMosaicGenerator.Generate(options, temp.Sub(name), mnist.Train, mnist.Test);

    [Fact]
    public void Reads_the_fashion_mnist_idx_files()
    {
        Assert.Equal((60000, 28, 28), (mnist.Train.Count, mnist.Train.Height, mnist.Train.Width));
        Assert.Equal(10000, mnist.Test.Count);
        Assert.Equal(Enumerable.Range(0, 10).Select(c => (byte)c), mnist.Test.Labels.Distinct().Order());
    }

    [Fact]
    public void Same_seed_gives_identical_files_and_another_seed_different_ones()
    {
        var first = Generate(Small, "a");
        var again = Generate(Small, "b");
        var other = Generate(Small with { Seed = 6 }, "c");

        Assert.Equal(first.Sha256, again.Sha256);
        Assert.Equal(File.ReadAllBytes(Path.Combine(temp.Sub("a"), DatasetManifest.FileName)),
            File.ReadAllBytes(Path.Combine(temp.Sub("b"), DatasetManifest.FileName)));
        Assert.NotEqual(first.Sha256[SpmlFiles.Labels("train")], other.Sha256[SpmlFiles.Labels("train")]);
        Assert.NotEqual(first.Sha256["images/train/000000.png"], other.Sha256["images/train/000000.png"]);
    }

    [Fact]
    public void Label_statistics_match_the_options()
    {
        var options = Small with { MinItems = 2, MaxItems = 4 };
        var manifest = Generate(options, "d");
        var dataset = SpmlDatasetLoader.Load(temp.Sub("d"), Path.Combine(temp.Sub("d"), "images"));

        foreach (var split in new[] { dataset.OfficialTrain, dataset.Test })
        {
            var perImage = Enumerable.Range(0, split.Count).Select(i => split.Labels.Row(i).ToArray().Sum()).ToArray();
            Assert.All(perImage, k => Assert.InRange(k, 2, 4));
            Assert.InRange(perImage.Average(), 2.8, 3.2); // uniform on {2,3,4}: mean 3
            for (int c = 0; c < 10; c++) Assert.Contains(Enumerable.Range(0, split.Count), i => split.Labels[i, c] == 1f);
        }
        Assert.Equal(FashionMnist.ClassNames, manifest.Classes);
        Assert.Equal(200, manifest.Counts["train"]);
        Assert.Equal(96, SixLabors.ImageSharp.Image.Identify(dataset.Test.FullImagePath(0)).Width);
    }

    [Fact]
    public void A_crowded_variant_has_up_to_nine_cells_of_garments_some_small_and_overlapping()
    {
        var crowded = Small with { Grid = 3, MinItems = 4, MaxItems = 6, MinScale = 0.5, Occlusion = 0.3 };
        Generate(crowded, "h");
        Generate(crowded with { MinScale = 1, Occlusion = 0 }, "i");
        var dataset = SpmlDatasetLoader.Load(temp.Sub("h"), Path.Combine(temp.Sub("h"), "images"));

        var perImage = Enumerable.Range(0, dataset.OfficialTrain.Count).Select(i => dataset.OfficialTrain.Labels.Row(i).ToArray().Sum()).ToArray();
        Assert.All(perImage, k => Assert.InRange(k, 4, 6));
        Assert.InRange(perImage.Average(), 4.7, 5.3); // uniform on {4,5,6}: mean 5
        // Smaller garments, which may cover each other, light fewer pixels than whole ones alone in their cells.
        Assert.True(LitPixels(temp.Sub("h")) < 0.9 * LitPixels(temp.Sub("i")), $"{LitPixels(temp.Sub("h"))} against {LitPixels(temp.Sub("i"))}");
    }

    private static long LitPixels(string folder) =>
        Directory.GetFiles(Path.Combine(folder, "images", "train"), "*.png").Sum(path =>
        {
            using var image = SixLabors.ImageSharp.Image.Load<SixLabors.ImageSharp.PixelFormats.L8>(path);
            var pixels = new byte[image.Width * image.Height];
            image.CopyPixelDataTo(pixels);
            return (long)pixels.Count(p => p > 0);
        });

    [Fact]
    public void Writes_held_out_single_garments_per_class_and_a_readable_manifest()
    {
        Generate(Small, "e");
        string folder = temp.Sub("e");

        var classes = NpyFile.Read(Path.Combine(folder, FashionMosaicGenerator.HeldOutLabelsFile)).As<long>();
        var paths = NpyFile.Read(Path.Combine(folder, FashionMosaicGenerator.HeldOutImagesFile)).As<string>();
        Assert.Equal(30, paths.Length);
        Assert.All(Enumerable.Range(0, 10), c => Assert.Equal(3, classes.Count(x => x == c)));
        Assert.All(paths, p => Assert.True(File.Exists(Path.Combine(folder, "images", p))));

        var manifest = DatasetManifest.Read(folder);
        Assert.Equal(5, manifest.Seed);
        Assert.Equal(200 + 60 + 30 + 6 + 2, manifest.Sha256.Count); // images + six formatted files + held-out .npy pair
    }

    [Fact]
    public void Rejects_impossible_options()
    {
        Assert.Throws<ArgumentException>(() => Generate(Small with { MaxItems = 5 }, "f"));
        Assert.Throws<ArgumentException>(() => Generate(Small with { CanvasSize = 48 }, "g"));
        Assert.Throws<ArgumentException>(() => Generate(Small with { Grid = 3, MaxItems = 10 }, "j"));
        Assert.Contains("(≥ 84)", Assert.Throws<ArgumentException>(() => Generate(Small with { Grid = 3, CanvasSize = 64 }, "k")).Message);
        Assert.Contains("grid 5", Assert.Throws<ArgumentException>(() => Generate(Small with { Grid = 5 }, "l")).Message);
        Assert.Contains("min scale 0.2", Assert.Throws<ArgumentException>(() => Generate(Small with { MinScale = 0.2 }, "m")).Message);
        Assert.Contains("occlusion 0.6", Assert.Throws<ArgumentException>(() => Generate(Small with { Occlusion = 0.6 }, "n")).Message);
    }
}
