namespace Aevlp.ML;

/// <summary>
/// A rows × columns matrix stored row-major in one flat array. Metrics and pseudo-labelling run on the
/// CPU over whole datasets (N up to 100k), where one contiguous array is far cheaper than tensors or
/// jagged arrays.
/// </summary>
public sealed class RowMajorMatrix<T>
{
    public RowMajorMatrix(T[] values, int rows, int columns)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if (values.Length != (long)rows * columns)
        {
            throw new ArgumentException(
                $"expected {rows}×{columns} = {(long)rows * columns} values, got {values.Length}", nameof(values));
        }
        (Values, Rows, Columns) = (values, rows, columns);
    }

    public T[] Values { get; }
    public int Rows { get; }
    public int Columns { get; }

    public T this[int row, int column] => Values[row * Columns + column];

    public ReadOnlySpan<T> Row(int row) => Values.AsSpan(row * Columns, Columns);

    public string Shape => $"[{Rows}, {Columns}]";

    /// <summary>Throws unless <paramref name="other"/> has this matrix's shape.</summary>
    public void RequireSameShape<TOther>(RowMajorMatrix<TOther> other, string otherName)
    {
        if (other.Rows != Rows || other.Columns != Columns)
        {
            throw new ArgumentException($"expected shape {Shape}, got {other.Shape}", otherName);
        }
    }
}
