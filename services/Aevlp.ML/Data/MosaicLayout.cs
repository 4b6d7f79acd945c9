namespace Aevlp.ML.Data;

/// <summary>One item of a mosaic: which class, in which cell of the 2×2 layout (row-major).</summary>
internal readonly record struct MosaicPlacement(int ClassIndex, int Cell);

/// <summary>
/// The layout both generators share: a square canvas cut into 2×2 cells, k items with k drawn uniformly from
/// [min, max], each a distinct class in a distinct cell, so the labels of an image are exactly its k classes.
/// </summary>
internal static class MosaicLayout
{
    public const int CellsPerSide = 2;
    public const int Cells = CellsPerSide * CellsPerSide;

    public static void Validate(int minItems, int maxItems, int classCount)
    {
        if (minItems < 1 || maxItems < minItems || maxItems > Math.Min(Cells, classCount))
            throw new ArgumentException(
                $"items per image must satisfy 1 ≤ min ≤ max ≤ {Math.Min(Cells, classCount)}; got min {minItems}, max {maxItems}");
    }

    public static MosaicPlacement[] Draw(Random random, int classCount, int minItems, int maxItems)
    {
        int items = random.Next(minItems, maxItems + 1);
        int[] classes = SampleDistinct(random, classCount, items);
        int[] cells = SampleDistinct(random, Cells, items);
        return classes.Zip(cells, (c, cell) => new MosaicPlacement(c, cell)).ToArray();
    }

    /// <summary>Top-left corner of a cell on a canvas of the given size.</summary>
    public static (int X, int Y) CellOrigin(int cell, int canvasSize)
    {
        int cellSize = canvasSize / CellsPerSide;
        return (cell % CellsPerSide * cellSize, cell / CellsPerSide * cellSize);
    }

    /// <summary>k distinct values from 0..n−1 by a partial Fisher–Yates shuffle.</summary>
    private static int[] SampleDistinct(Random random, int n, int k)
    {
        var pool = Enumerable.Range(0, n).ToArray();
        for (int i = 0; i < k; i++)
        {
            int j = random.Next(i, n);
            (pool[i], pool[j]) = (pool[j], pool[i]);
        }
        return pool[..k];
    }
}
