using Aevlp.ML.Data;
using Aevlp.ML.Losses;
using Aevlp.ML.Models;
using Aevlp.ML.PseudoLabels;
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

    /// <summary>One LibTorch thread: float reductions then run in one fixed order, so runs are bit-for-bit repeatable.</summary>
    public static TrainingOptions Options { get; } = new()
    {
        Architecture = Architectures.SmallCnn,
        ImageSize = 32,
        Epochs = 2,
        BatchSize = 8,
        LearningRate = 1e-3,
        LearningRateMultiplier = 10,
        Loss = "gpr",
        LossOptions = new LossOptions(ExpectedPositives: 1.5)
        {
            Gpr = GprSettings.FromConfig([0.01, 1], [0.7, 0.4], rho: 0.9, reg: 0.05, usePl: true),
        },
        GprSchedule = GprSchedule.FromConfig([0, 2, -2, -2], [0.5, 2, 0.8, 0.5]),
        PseudoLabels = new PseudoLabelSettings(Temperature: 0.01, Eta: 0, TopK: 3, Threshold: 0.1, NegativeRatio: 0.2),
        Seed = 1200,
        Device = "cpu",
        Threads = 1,
    };

    public void Dispose() => folder.Dispose();
}
