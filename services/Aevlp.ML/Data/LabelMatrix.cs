namespace Aevlp.ML.Data;

/// <summary>An N×C label matrix in row-major float32, the layout a [N, C] tensor takes without copying.</summary>
public sealed class LabelMatrix
{
    public LabelMatrix(int rows, int classes, float[] values)
    {
        if (values.Length != (long)rows * classes)
            throw new ArgumentException($"{rows}×{classes} labels need {(long)rows * classes} values, got {values.Length}", nameof(values));
        Rows = rows;
        Classes = classes;
        Values = values;
    }

    public int Rows { get; }

    public int Classes { get; }

    /// <summary>Row-major values: entry (i, c) is at i·C + c.</summary>
    public float[] Values { get; }

    public float this[int row, int column] => Values[row * Classes + column];

    public ReadOnlySpan<float> Row(int row) => Values.AsSpan(row * Classes, Classes);

    /// <summary>A matrix where the listed classes of each row are 1 and everything else 0.</summary>
    public static LabelMatrix FromPositives(IReadOnlyList<IReadOnlyCollection<int>> positivesPerRow, int classes)
    {
        var values = new float[positivesPerRow.Count * classes];
        for (int row = 0; row < positivesPerRow.Count; row++)
            foreach (int c in positivesPerRow[row]) values[row * classes + c] = 1f;
        return new LabelMatrix(positivesPerRow.Count, classes, values);
    }

    public LabelMatrix SelectRows(IReadOnlyList<int> rows)
    {
        var values = new float[rows.Count * Classes];
        for (int i = 0; i < rows.Count; i++) Row(rows[i]).CopyTo(values.AsSpan(i * Classes, Classes));
        return new LabelMatrix(rows.Count, Classes, values);
    }
}
