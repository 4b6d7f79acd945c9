namespace Aevlp.ML.Data;

/// <summary>Settings of the <c>fashion-mosaic</c> demo dataset.</summary>
/// <param name="Seed">Drives every random choice; also the single-positive seed (test split: Seed + 1).</param>
/// <param name="CanvasSize">Side of the square canvas; each 2×2 cell (CanvasSize/2) must hold a 28×28 garment.</param>
/// <param name="HeldOutPerClass">Labelled single garments per class, taken from Fashion-MNIST train images that no train mosaic uses
/// (the demo teacher's class embeddings).</param>
public sealed record FashionMosaicOptions(
    int Seed = 1200,
    int CanvasSize = 96,
    int MinItems = 1,
    int MaxItems = 4,
    int TrainCount = 2000,
    int TestCount = 500,
    int HeldOutPerClass = 16);
