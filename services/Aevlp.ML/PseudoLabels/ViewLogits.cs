namespace Aevlp.ML.PseudoLabels;

/// <summary>
/// Teacher logits of every view of N images, [N, V, C] row-major in one array. View 0 is the whole image;
/// views 1..G² are the G×G grid tiles in row-major order, so V = 1 + G².
/// </summary>
public sealed class ViewLogits
{
    public ViewLogits(float[] values, int images, int views, int classes)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegative(images);
        ArgumentOutOfRangeException.ThrowIfLessThan(views, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        if (values.Length != (long)images * views * classes)
        {
            throw new ArgumentException(
                $"expected [{images}, {views}, {classes}] = {(long)images * views * classes} values, got {values.Length}",
                nameof(values));
        }
        (Values, Images, Views, Classes) = (values, images, views, classes);
    }

    public float[] Values { get; }
    public int Images { get; }
    public int Views { get; }
    public int Classes { get; }

    /// <summary>The [V, C] logits of one image.</summary>
    public ReadOnlySpan<float> Image(int image) => Values.AsSpan(image * Views * Classes, Views * Classes);
}
