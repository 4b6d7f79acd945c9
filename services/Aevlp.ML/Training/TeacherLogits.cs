using Aevlp.ML.Images;
using Aevlp.ML.PseudoLabels;

namespace Aevlp.ML.Training;

/// <summary>
/// Precomputed teacher logits of every training image, [N, V, A, C] row-major: V views (view 0 the whole image,
/// then the G×G tiles), A variants of each view (by default A = 2: unflipped and flipped) and C classes. DAMP
/// re-draws each view's augmentation every epoch (spec §4); with the variants precomputed that is one seeded
/// choice per image and view, at no teacher cost.
/// </summary>
public sealed class TeacherLogits
{
    public TeacherLogits(float[] values, int images, int views, int variants, int classes)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegative(images);
        ArgumentOutOfRangeException.ThrowIfLessThan(views, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(variants, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        long expected = (long)images * views * variants * classes;
        if (values.Length != expected)
            throw new ArgumentException(
                $"teacher logits: expected [{images}, {views}, {variants}, {classes}] = {expected} values, got {values.Length}", nameof(values));
        (Values, Images, Views, Variants, Classes) = (values, images, views, variants, classes);
    }

    public float[] Values { get; }
    public int Images { get; }
    public int Views { get; }
    public int Variants { get; }
    public int Classes { get; }

    /// <summary>
    /// This epoch's [N, V, C] view logits: for each image and view, the variant drawn from (seed, epoch, image, view)
    /// alone, so a resumed run draws exactly what an uninterrupted one would.
    /// </summary>
    public ViewLogits Sample(int seed, int epoch)
    {
        var sampled = new float[(long)Images * Views * Classes];
        Parallel.For(0, Images, image =>
        {
            for (int view = 0; view < Views; view++)
            {
                int item = image * Views + view;
                int variant = EpochRandomness.Choice(seed, epoch, item, Variants);
                Values.AsSpan((item * Variants + variant) * Classes, Classes)
                    .CopyTo(sampled.AsSpan(item * Classes, Classes));
            }
        });
        return new ViewLogits(sampled, Images, Views, Classes);
    }
}
