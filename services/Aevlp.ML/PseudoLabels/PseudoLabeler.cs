namespace Aevlp.ML.PseudoLabels;

/// <summary>
/// Pseudo-labels from precomputed teacher view logits, for every training image (spec §4). Runs on the CPU,
/// in parallel over images with per-thread buffers, so a whole epoch (N ≈ 100k, C = 312) takes seconds.
/// </summary>
public static class PseudoLabeler
{
    /// <summary>Labels in {−1, 0, 1} for every image, [N, C].</summary>
    /// <param name="logits">[N, V, C] teacher logits; DAMP needs at least one tile (V ≥ 2).</param>
    /// <param name="observedClasses">The observed positive class of each image (<see cref="ObservedPositives.ClassOf"/>).</param>
    public static RowMajorMatrix<sbyte> Generate(
        ViewLogits logits, int[] observedClasses, PseudoLabelSettings settings,
        ViewAggregation aggregation = ViewAggregation.Damp)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(observedClasses);
        ArgumentNullException.ThrowIfNull(settings);
        Validate(logits, observedClasses, settings, aggregation);
        var labels = new sbyte[logits.Images * logits.Classes];
        Parallel.For(0, logits.Images,
            () => new ImageLabeler(logits.Views, logits.Classes),
            (image, _, labeler) =>
            {
                labeler.Label(logits.Image(image), observedClasses[image], settings, aggregation,
                    labels.AsSpan(image * logits.Classes, logits.Classes));
                return labeler;
            },
            _ => { });
        return new RowMajorMatrix<sbyte>(labels, logits.Images, logits.Classes);
    }

    /// <summary>Labels of one image from its [V, C] view logits (view 0 the whole image).</summary>
    public static sbyte[] LabelImage(
        float[] viewLogits, int views, int observedClass, PseudoLabelSettings settings,
        ViewAggregation aggregation = ViewAggregation.Damp)
    {
        ArgumentNullException.ThrowIfNull(viewLogits);
        if (views < 1 || viewLogits.Length % views != 0)
        {
            throw new ArgumentException(
                $"expected a [V, C] array with V = {views}, got {viewLogits.Length} values", nameof(viewLogits));
        }
        var single = new ViewLogits(viewLogits, 1, views, viewLogits.Length / views);
        return Generate(single, [observedClass], settings, aggregation).Values;
    }

    private static void Validate(
        ViewLogits logits, int[] observedClasses, PseudoLabelSettings settings, ViewAggregation aggregation)
    {
        settings.Validate();
        if (observedClasses.Length != logits.Images)
        {
            throw new ArgumentException(
                $"expected {logits.Images} observed classes, got {observedClasses.Length}", nameof(observedClasses));
        }
        int outside = Array.FindIndex(observedClasses, c => c < 0 || c >= logits.Classes);
        if (outside >= 0)
        {
            throw new ArgumentException(
                $"expected classes in [0, {logits.Classes}), got {observedClasses[outside]} for image {outside}",
                nameof(observedClasses));
        }
        if (aggregation == ViewAggregation.Damp && logits.Views < 2)
        {
            throw new ArgumentException(
                $"expected [N, 1 + G², C] with at least one tile for DAMP, got {logits.Views} view(s)", nameof(logits));
        }
    }

    /// <summary>One thread's buffers: aggregation then selection.</summary>
    private sealed class ImageLabeler(int views, int classes)
    {
        private readonly AggregatedScores scores = new(views, classes);
        private readonly LabelSelection selection = new(classes);

        public void Label(ReadOnlySpan<float> imageLogits, int observedClass, PseudoLabelSettings settings,
            ViewAggregation aggregation, Span<sbyte> labels)
        {
            if (aggregation == ViewAggregation.Damp) scores.Damp(imageLogits, observedClass, settings);
            else scores.GlobalViewOnly(imageLogits, settings);
            selection.Label(scores, settings, labels);
        }
    }
}
