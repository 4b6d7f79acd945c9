namespace Aevlp.ML.Data;

/// <summary>Settings of the data-free synthetic dataset used by fast tests.</summary>
/// <param name="ClassCount">Up to <see cref="SyntheticShapesGenerator.ClassNames"/>.Count classes (coloured shapes).</param>
public sealed record SyntheticShapesOptions(
    int Seed = 7,
    int CanvasSize = 32,
    int ClassCount = 4,
    int MinItems = 1,
    int MaxItems = 2,
    int TrainCount = 40,
    int TestCount = 20);
