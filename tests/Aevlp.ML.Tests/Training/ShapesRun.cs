using Aevlp.Configuration;
using Aevlp.ML.Data;
using Aevlp.ML.Training;

namespace Aevlp.ML.Tests.Training;

/// <summary>A tiny synthetic-shapes dataset and options for a seconds-long run of the full loop (small CNN, GPR + DAMP).</summary>
public sealed class ShapesRun : IDisposable
{
    private readonly TempDirectory folder = new();

    public ShapesRun()
    {
        var manifest = SyntheticShapesGenerator.Generate(
            new SyntheticShapesOptions(Seed: 5, CanvasSize: 32, ClassCount: 4, TrainCount: 120, TestCount: 40), folder.Path);
        var dataset = SpmlDatasetLoader.Load(folder.Path, Path.Combine(folder.Path, "images"));
        var (train, val) = dataset.SplitTrainVal(0.2, 1200);
        Data = new TrainingData(train, val, dataset.Test, manifest.Classes)
        {
            Teacher = SyntheticTeacher.For(train.Labels, views: 5, variants: 2, seed: 9),
        };
    }

    public TrainingData Data { get; }

    /// <summary>The run's config: the schema's defaults for a small CNN on 32 px shapes, GPR + DAMP. One LibTorch thread: float
    /// reductions then run in one fixed order, so runs are bit-for-bit repeatable.</summary>
    public static RunConfig Config { get; } = RunConfig.Defaults("shapes", classes: 4) with
    {
        Architecture = Architecture.SmallCnn,
        UsePretrained = false,
        ImageSize = 32,
        Epochs = 2,
        BatchSize = 8,
        LearningRate = 1e-3,
        Loss = Loss.Gpr,
        ExpectedPositives = 1.5,
        Beta = [0, 2, -2, -2],
        Q2Q3 = [0.01, 1],
        Lambda = [0.7, 0.4],
        Reg = 0.05,
        Eta = 0,
        Threshold = 0.1,
        NegativeRatio = 0.2,
        Device = DevicePreference.Cpu,
        Threads = 1,
        LoaderWorkers = 2,
    };

    public static TrainingOptions Options { get; } = TrainingConfig.ToOptions(Config);

    public void Dispose() => folder.Dispose();
}
