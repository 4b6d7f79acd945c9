namespace Aevlp.ML.PseudoLabels;

/// <summary>Converts the single-positive observed label matrix to one class index per image.</summary>
public static class ObservedPositives
{
    /// <param name="observed">[N, C]; each row must hold exactly one 1 (SPML's single observed positive).</param>
    public static int[] ClassOf(RowMajorMatrix<sbyte> observed)
    {
        ArgumentNullException.ThrowIfNull(observed);
        var classes = new int[observed.Rows];
        for (int row = 0; row < observed.Rows; row++)
        {
            var labels = observed.Row(row);
            int count = labels.Count((sbyte)1);
            if (count != 1)
            {
                throw new ArgumentException(
                    $"expected exactly one observed positive in row {row}, got {count}", nameof(observed));
            }
            classes[row] = labels.IndexOf((sbyte)1);
        }
        return classes;
    }
}
