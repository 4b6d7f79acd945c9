using Aevlp.Configuration;
using System.Text.Json.Nodes;
using Aevlp.ML.Data;
using Aevlp.ML.Npy;
using Aevlp.ML.Teachers;
using Aevlp.ML.Training;

namespace Aevlp.Benchmarks;

/// <summary>
/// What one scaling case trains on, shared by the parent and its per-case child processes through /tmp: the demo
/// recipe (configs/fashion-mosaic.json), fashion mosaics, and a teacher-logits file per (N, G).
/// </summary>
public static class ScalingInputs
{
    /// <summary>Test mosaics: the generator needs some; the trainer service (and so this benchmark) never scores them.</summary>
    private const int TestImages = 100;

    public static string Root => Path.Combine(Path.GetTempPath(), "aevlp-scaling-benchmark");

    private static string Dataset => Path.Combine(Root, "dataset");

    public static string LogitsFile(int images, int grid) => Path.Combine(Root, $"logits-n{images}-g{grid}.npy");

    /// <summary>The demo recipe as the trainer service maps it, for one CPU epoch.</summary>
    public static TrainingOptions Options(int threads) =>
        TrainingConfig.ToOptions(DemoConfig.Load()) with { Epochs = 1, Threads = threads, Device = DevicePreference.Cpu };

    /// <summary>
    /// Generates the mosaics once for the largest N. Smaller cases take the first N official train images, which are
    /// the mosaics a generation of exactly N would draw: one seeded Random draws the train mosaics in order, after
    /// the held-out and pool shuffles and before the test mosaics.
    /// </summary>
    public static void EnsureDataset(int trainImages)
    {
        if (File.Exists(Path.Combine(Dataset, DatasetManifest.FileName)) && LoadDataset().OfficialTrain.Count >= trainImages) return;
        if (Directory.Exists(Dataset)) Directory.Delete(Dataset, recursive: true);
        FashionMosaicGenerator.Generate(new FashionMosaicOptions(TrainCount: trainImages, TestCount: TestImages), Dataset);
    }

    public static IReadOnlyList<string> TrainImagePaths(int count)
    {
        var train = LoadDataset().OfficialTrain;
        return [.. Enumerable.Range(0, count).Select(train.FullImagePath)];
    }

    /// <summary>
    /// Teacher logits of the real shape [N, 1 + G², 2 variants, C], deterministic uniform values in the range of
    /// cosine similarities (the teacher itself would take about an hour for 16k images here), written as the
    /// pseudo-labeler writes logits.npy (float16, its default). Returns the file's size.
    /// </summary>
    public static long WriteLogits(int images, int grid)
    {
        const int Variants = 2;
        int views = 1 + grid * grid, classes = FashionMnist.ClassNames.Count;
        var random = new Random(images * 31 + grid);
        var values = new float[(long)images * views * Variants * classes];
        for (long i = 0; i < values.LongLength; i++) values[i] = (float)(0.15 + 0.2 * random.NextDouble());
        var file = LogitsFile(images, grid);
        Directory.CreateDirectory(Root);
        NpyFile.Write(file, new TeacherLogits(values, images, views, Variants, classes).ToNpy(float16: true));
        return new FileInfo(file).Length;
    }

    /// <summary>
    /// The first N official train images split and paired with their logits the way the trainer service's RunInputs
    /// does: train/val split of the config's val_frac and split_seed, logits read from the .npy and reordered to the
    /// train rows.
    /// </summary>
    public static TrainingData Load(int images, int grid)
    {
        var official = LoadDataset().OfficialTrain.SelectRows([.. Enumerable.Range(0, images)]);
        var splits = TrainingSplits.Of(official, DemoConfig.Load());
        var file = LogitsFile(images, grid);
        return new TrainingData(splits.Train, splits.Val, Test: null, DatasetManifest.Read(Dataset).Classes)
        {
            Teacher = TeacherLogits.FromNpy(NpyFile.Read(file), file).SelectRows(splits.TrainRows),
        };
    }

    private static SpmlDataset LoadDataset() => SpmlDatasetLoader.Load(Dataset, Path.Combine(Dataset, "images"));
}
