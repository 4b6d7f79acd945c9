using Aevlp.ML.Data;
using Aevlp.ML.Npy;

namespace Aevlp.ML.Tests.Data;

public class SpmlDatasetLoaderTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly string dataset;

    public SpmlDatasetLoaderTests()
    {
        dataset = temp.Sub("shapes");
        SyntheticShapesGenerator.Generate(new SyntheticShapesOptions(TrainCount: 30, TestCount: 10), dataset);
    }

    public void Dispose() => temp.Dispose();

    private string ImagesRoot => Path.Combine(dataset, "images");

    private string File(string name) => Path.Combine(dataset, name);

    [Fact]
    public void Loads_a_generated_dataset_with_the_official_val_files_as_test()
    {
        var loaded = SpmlDatasetLoader.Load(dataset, ImagesRoot);
        Assert.Equal(30, loaded.OfficialTrain.Count);
        Assert.Equal(10, loaded.Test.Count);
        Assert.Equal(4, loaded.Classes);
        Assert.Equal("train/000000.png", loaded.OfficialTrain.ImagePaths[0]);
        Assert.True(System.IO.File.Exists(loaded.Test.FullImagePath(9)));
        for (int row = 0; row < 30; row++)
            Assert.Equal(1f, loaded.OfficialTrain.ObservedLabels.Row(row).ToArray().Sum());
    }

    [Fact]
    public void Splits_the_official_train_set_deterministically()
    {
        var loaded = SpmlDatasetLoader.Load(dataset, ImagesRoot);
        var (train, val) = loaded.SplitTrainVal(0.2, 1200);
        Assert.Equal(24, train.Count);
        Assert.Equal(6, val.Count);
        Assert.Equal(val.ImagePaths, loaded.SplitTrainVal(0.2, 1200).Val.ImagePaths);
        Assert.Empty(train.ImagePaths.Intersect(val.ImagePaths));
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public void Reports_every_problem_with_file_and_row()
    {
        var labels = NpyFile.Read(File(SpmlFiles.Labels("train"))).As<float>();
        var observed = NpyFile.Read(File(SpmlFiles.ObservedLabels("train"))).As<float>();
        labels[2 * 4 + 1] = 0.5f;                      // row 2: value outside {0,1}
        Array.Clear(labels, 5 * 4, 4);                 // row 5: no positive (and its observed positive is now false)
        observed[7 * 4 + 0] = 2f;                      // row 7: observed value outside {-1,0,1}
        NpyFile.Write(File(SpmlFiles.Labels("train")), NpyArray.Of(labels, 30, 4));
        NpyFile.Write(File(SpmlFiles.ObservedLabels("train")), NpyArray.Of(observed, 30, 4));
        System.IO.File.Delete(Path.Combine(ImagesRoot, "train", "000009.png"));

        var error = Assert.Throws<DatasetValidationException>(() => SpmlDatasetLoader.Load(dataset, ImagesRoot));

        string labelsFile = File(SpmlFiles.Labels("train")), observedFile = File(SpmlFiles.ObservedLabels("train"));
        Assert.Contains(new DatasetProblem(labelsFile, 2, "class 1 is 0.5, expected 0 or 1"), error.Problems);
        Assert.Contains(new DatasetProblem(labelsFile, 5, "no positive label; SPML needs at least one per image"), error.Problems);
        Assert.Contains(new DatasetProblem(observedFile, 7, "class 0 is 2, expected -1, 0 or 1"), error.Problems);
        Assert.Contains(error.Problems, p => p.File == observedFile && p.Row == 5 && p.Message.Contains("not a positive in formatted_train_labels.npy"));
        Assert.Contains(new DatasetProblem(File(SpmlFiles.Images("train")), 9, $"image 'train/000009.png' not found under {ImagesRoot}"), error.Problems);
        Assert.Contains($"{labelsFile}, row 2: class 1 is 0.5, expected 0 or 1", error.Message);
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public void Reports_shape_mismatches_and_missing_files()
    {
        NpyFile.Write(File(SpmlFiles.ObservedLabels("train")), NpyArray.Of(new float[29 * 4], 29, 4));
        NpyFile.Write(File(SpmlFiles.Labels("val")), NpyArray.Of(new float[10 * 3], 10, 3));
        System.IO.File.Delete(File(SpmlFiles.Images("val")));

        var error = Assert.Throws<DatasetValidationException>(() => SpmlDatasetLoader.Load(dataset, ImagesRoot));

        Assert.Contains(new DatasetProblem(File(SpmlFiles.ObservedLabels("train")), null,
            "has shape (29, 4), expected (30, 4) like formatted_train_labels.npy"), error.Problems);
        Assert.Contains(new DatasetProblem(File(SpmlFiles.Images("val")), null, "file not found"), error.Problems);
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public void An_empty_split_is_refused_naming_its_images_file()
    {
        NpyFile.Write(File(SpmlFiles.Images("val")), NpyArray.OfStrings([]));
        NpyFile.Write(File(SpmlFiles.Labels("val")), NpyArray.Of(Array.Empty<float>(), 0, 4));
        NpyFile.Write(File(SpmlFiles.ObservedLabels("val")), NpyArray.Of(Array.Empty<float>(), 0, 4));

        var error = Assert.Throws<DatasetValidationException>(() => SpmlDatasetLoader.Load(dataset, ImagesRoot));

        Assert.Equal([new DatasetProblem(File(SpmlFiles.Images("val")), null, "holds no images; expected at least one")], error.Problems);
    }

    [Fact]
    public void Lists_the_first_twenty_problems_and_counts_the_rest()
    {
        foreach (string png in Directory.EnumerateFiles(Path.Combine(ImagesRoot, "train"))) System.IO.File.Delete(png);

        var error = Assert.Throws<DatasetValidationException>(() => SpmlDatasetLoader.Load(dataset, ImagesRoot));

        Assert.Equal(30, error.Problems.Count);
        Assert.Contains("row 19: image 'train/000019.png' not found", error.Message);
        Assert.DoesNotContain("row 20:", error.Message);
        Assert.EndsWith("… and 10 more", error.Message);
    }

    [Fact]
    public void Skips_the_image_check_when_asked()
    {
        Directory.Delete(ImagesRoot, recursive: true);
        Assert.Equal(30, SpmlDatasetLoader.Load(dataset, ImagesRoot, checkImageFiles: false).OfficialTrain.Count);
    }
}
