namespace Aevlp.ML.Data;

/// <summary>One item of a mosaic: which class, in which cell of the layout (row-major).</summary>
internal readonly record struct MosaicPlacement(int ClassIndex, int Cell);

/// <summary>
/// The layout both generators share: a square canvas cut into n×n cells (2×2 unless a generator asks for more), k items
/// with k drawn uniformly from [min, max], each a distinct class in a distinct cell, so the labels of an image are exactly
/// its k classes.
/// </summary>
internal static class MosaicLayout
{
    public const int DefaultCellsPerSide = 2;

    public static void Validate(int minItems, int maxItems, int classCount, int cellsPerSide = DefaultCellsPerSide)
    {
        if (Problem(minItems, maxItems, classCount, cellsPerSide) is { } problem) throw new ArgumentException(problem);
    }

    public static string? Problem(int minItems, int maxItems, int classCount, int cellsPerSide)
    {
        int most = Math.Min(cellsPerSide * cellsPerSide, classCount);
        return minItems < 1 || maxItems < minItems || maxItems > most
            ? $"items per image must satisfy 1 ≤ min ≤ max ≤ {most}; got min {minItems}, max {maxItems}"
            : null;
    }

    public static MosaicPlacement[] Draw(Random random, int classCount, int minItems, int maxItems, int cellsPerSide = DefaultCellsPerSide)
    {
        int items = random.Next(minItems, maxItems + 1);
        int[] classes = SampleDistinct(random, classCount, items);
        int[] cells = SampleDistinct(random, cellsPerSide * cellsPerSide, items);
        return classes.Zip(cells, (c, cell) => new MosaicPlacement(c, cell)).ToArray();
    }

    /// <summary>Top-left corner of a cell on a canvas of the given size.</summary>
    public static (int X, int Y) CellOrigin(int cell, int canvasSize, int cellsPerSide = DefaultCellsPerSide)
    {
        int cellSize = canvasSize / cellsPerSide;
        return (cell % cellsPerSide * cellSize, cell / cellsPerSide * cellSize);
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
