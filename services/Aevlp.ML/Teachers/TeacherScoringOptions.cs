namespace Aevlp.ML.Teachers;

/// <summary>Which views the teacher scores (method §4).</summary>
/// <param name="GridSize">G: view 0 is the whole image, views 1..G² the grid tiles.</param>
/// <param name="Variants">A per view: 0 = as is, 1 = flipped horizontally (the released code's only augmentation);
/// from 2 on, a seeded random crop of 80–100% of the view per side, flipped when odd.</param>
/// <param name="BatchSize">Views per ONNX Runtime call (when the encoder has a dynamic batch dimension), rounded down to whole
/// images and at least one image's views (<see cref="ImagesPerBatch"/>).</param>
/// <param name="Seed">Drives the crops of variants ≥ 2.</param>
public sealed record TeacherScoringOptions(int GridSize, int Variants = 2, int BatchSize = 32, int Seed = 0)
{
    public int Views => 1 + GridSize * GridSize;

    /// <summary>Views × variants: the items one image adds to a batch.</summary>
    public int PerImage => Views * Variants;

    /// <summary>Images per ONNX Runtime call: a batch never splits an image, so chunks of a pass batch as the whole pass does.</summary>
    public int ImagesPerBatch => Math.Max(1, BatchSize / PerImage);

    internal void Validate()
    {
        if (GridSize < 1) throw new ArgumentException($"grid_size is {GridSize}, expected ≥ 1", nameof(GridSize));
        if (Variants < 1) throw new ArgumentException($"variants is {Variants}, expected ≥ 1", nameof(Variants));
        if (BatchSize < 1) throw new ArgumentException($"batch size is {BatchSize}, expected ≥ 1", nameof(BatchSize));
    }
}
