using Aevlp.ML.Images;
using Aevlp.ML.Npy;
using Aevlp.ML.PseudoLabels;

namespace Aevlp.ML.Teachers;

/// <summary>
/// Teacher logits (cosine similarities) of every image × view × variant × class, [N, V, A, C] row-major: the
/// layout stored as <c>logits.npy</c> and consumed by the training loop, which draws one variant per view and epoch.
/// </summary>
public sealed class TeacherLogits
{
    public TeacherLogits(float[] values, int images, int views, int variants, int classes)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != (long)images * views * variants * classes)
            throw new ArgumentException($"expected [{images}, {views}, {variants}, {classes}] values, got {values.Length}", nameof(values));
        (Values, Images, Views, Variants, Classes) = (values, images, views, variants, classes);
    }

    public float[] Values { get; }
    public int Images { get; }
    public int Views { get; }
    public int Variants { get; }
    public int Classes { get; }

    public ReadOnlySpan<float> Logits(int image, int view, int variant) =>
        Values.AsSpan(((image * Views + view) * Variants + variant) * Classes, Classes);

    /// <summary>Every view in the same variant (0: unflipped), [N, V, C].</summary>
    public ViewLogits Variant(int variant) => Select((_, _) => variant);

    /// <summary>
    /// This epoch's [N, V, C] view logits: one variant per image and view, uniformly (with A = 2 the per-view flip with
    /// p = 0.5 that DAMP re-draws every epoch, spec §4), drawn from (seed, epoch, image, view) alone, so a resumed run
    /// draws exactly what an uninterrupted one would.
    /// </summary>
    public ViewLogits Sample(int seed, int epoch) =>
        Select((image, view) => EpochRandomness.Choice(seed, epoch, image * Views + view, Variants));

    /// <summary>The logits of some images (a train/val split's rows), in the given order.</summary>
    public TeacherLogits SelectRows(IReadOnlyList<int> rows)
    {
        int perImage = Views * Variants * Classes;
        var values = new float[rows.Count * perImage];
        for (int i = 0; i < rows.Count; i++)
            Values.AsSpan(rows[i] * perImage, perImage).CopyTo(values.AsSpan(i * perImage, perImage));
        return new TeacherLogits(values, rows.Count, Views, Variants, Classes);
    }

    public NpyArray ToNpy(bool float16) => float16
        ? NpyArray.Of(Array.ConvertAll(Values, v => (Half)v), Images, Views, Variants, Classes)
        : NpyArray.Of(Values, Images, Views, Variants, Classes);

    /// <param name="source">Named in errors (file or blob).</param>
    public static TeacherLogits FromNpy(NpyArray array, string source)
    {
        if (array.Shape.Count != 4)
            throw new InvalidDataException($"{source}: shape ({string.Join(", ", array.Shape)}), expected [images, views, variants, classes]");
        float[] values = array.Data switch
        {
            Half[] half => Array.ConvertAll(half, v => (float)v),
            float[] single => single,
            _ => throw new InvalidDataException($"{source}: dtype {array.DType.Descr}, expected float16 or float32"),
        };
        return new TeacherLogits(values, array.Shape[0], array.Shape[1], array.Shape[2], array.Shape[3]);
    }

    private ViewLogits Select(Func<int, int, int> variantOf)
    {
        var selected = new float[(long)Images * Views * Classes];
        Parallel.For(0, Images, image =>
        {
            for (int view = 0; view < Views; view++)
                Logits(image, view, variantOf(image, view)).CopyTo(selected.AsSpan((image * Views + view) * Classes, Classes));
        });
        return new ViewLogits(selected, Images, Views, Classes);
    }
}
