namespace Aevlp.ML.Data;

/// <summary>Settings of the <c>fashion-mosaic</c> demo dataset. The defaults are the demo: 1–4 whole garments, one per cell
/// of a 2×2 grid. <see cref="Grid"/>, <see cref="MinScale"/> and <see cref="Occlusion"/> make harder ones (up to 9 garments,
/// small, overlapping), where a teacher's crops no longer line up with one garment each.</summary>
/// <param name="Seed">Drives every random choice; also the single-positive seed (test split: Seed + 1).</param>
/// <param name="CanvasSize">Side of the square canvas; each of the Grid×Grid cells (CanvasSize/Grid) must hold a 28×28 garment.</param>
/// <param name="HeldOutPerClass">Labelled single garments per class, taken from Fashion-MNIST train images that no train mosaic uses
/// (the demo teacher's class embeddings).</param>
/// <param name="Grid">Cells per side: 2 (the demo) to 4.</param>
/// <param name="MinScale">Each garment is drawn at a side from MinScale × 28 to 28 pixels (1: always whole size).</param>
/// <param name="Occlusion">How far, as a share of its side, a garment may reach over its cell's edges, where a garment drawn
/// later covers it (0: never; at most 0.5).</param>
public sealed record FashionMosaicOptions(
    int Seed = 1200,
    int CanvasSize = 96,
    int MinItems = 1,
    int MaxItems = 4,
    int TrainCount = 2000,
    int TestCount = 500,
    int HeldOutPerClass = 16,
    int Grid = 2,
    double MinScale = 1,
    double Occlusion = 0);
