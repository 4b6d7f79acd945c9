using System.Threading.Channels;
using Aevlp.ML.Images;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Aevlp.ML.Teachers;

/// <summary>
/// Scores every view × variant of every image with the teacher: [N, V, A, C] cosine logits. One task decodes,
/// crops and normalises views into batch buffers while the caller's thread runs ONNX Runtime on the previous batch.
/// A batch holds whole images (<see cref="TeacherScoringOptions.ImagesPerBatch"/>), so the batch an image is scored in does
/// not depend on where a range starts: ranges that start at multiples of it give the same bits as one pass over all images
/// (ONNX Runtime's result for a view can change in the last bits with its batch neighbours).
/// </summary>
public sealed class TeacherScorer(Teacher teacher)
{
    /// <summary>Buffers in flight: one being filled, one queued, one being scored.</summary>
    private const int BuffersInFlight = 3;

    /// <param name="imagesDone">Called after each batch with the number of images whose views are all scored.</param>
    public Task<TeacherLogits> ScoreAsync(IReadOnlyList<string> imagePaths, TeacherScoringOptions options,
        Action<int>? imagesDone = null, CancellationToken cancellationToken = default) =>
        ScoreRangeAsync(imagePaths, 0, imagePaths?.Count ?? 0, options, imagesDone, cancellationToken);

    /// <summary>Images <paramref name="first"/>.. of <paramref name="imagePaths"/> (one chunk of a shared pass): [count, V, A, C],
    /// crops seeded by each image's index in the whole list, so the rows equal those of one pass over every image.</summary>
    public async Task<TeacherLogits> ScoreRangeAsync(IReadOnlyList<string> imagePaths, int first, int count, TeacherScoringOptions options,
        Action<int>? imagesDone = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(imagePaths);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, imagePaths.Count - first);
        options.Validate();
        int perImage = options.PerImage, batchSize = teacher.Encoder.DynamicBatch ? options.ImagesPerBatch * perImage : 1;
        var logits = new float[count * perImage * teacher.Classes];
        var batches = Channel.CreateBounded<ViewBatch>(1);
        var free = Channel.CreateBounded<float[]>(BuffersInFlight);
        for (int i = 0; i < BuffersInFlight; i++) free.Writer.TryWrite(new float[batchSize * teacher.Encoder.PixelsPerImage]);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renderer = new ViewRenderer(teacher.Metadata, options, batchSize, batches.Writer, free.Reader);
        var producer = Task.Run(() => renderer.RenderAllAsync(imagePaths, first, count, stop.Token), stop.Token);
        try
        {
            var embeddings = new float[batchSize * teacher.Metadata.EmbeddingDim];
            await foreach (var batch in batches.Reader.ReadAllAsync(stop.Token))
            {
                Score(batch, embeddings, logits);
                free.Writer.TryWrite(batch.Pixels);
                imagesDone?.Invoke((batch.FirstItem + batch.Count) / perImage);
            }
        }
        finally
        {
            // Stop the renderer and let it finish before returning; its own failure already surfaced through the channel.
            await stop.CancelAsync();
            await Task.WhenAny(producer);
        }
        return new TeacherLogits(logits, count, options.Views, options.Variants, teacher.Classes);
    }

    private void Score(ViewBatch batch, float[] embeddings, float[] logits)
    {
        int dimension = teacher.Metadata.EmbeddingDim, classes = teacher.Classes;
        teacher.Encoder.Embed(batch.Pixels, batch.Count, embeddings);
        for (int k = 0; k < batch.Count; k++)
            teacher.ClassEmbeddings.CosineLogits(embeddings.AsSpan(k * dimension, dimension),
                logits.AsSpan((batch.FirstItem + k) * classes, classes));
    }

    /// <summary>Views <paramref name="FirstItem"/>.. in item order (image, view, variant), pixels back to back.</summary>
    private sealed record ViewBatch(float[] Pixels, int FirstItem, int Count);

    /// <summary>Decodes each image once and writes its views' variants into batch buffers, in item order.</summary>
    private sealed class ViewRenderer(TeacherMetadata metadata, TeacherScoringOptions options, int batchSize,
        ChannelWriter<ViewBatch> batches, ChannelReader<float[]> free)
    {
        private float[] buffer = [];
        private int filled, firstItem;

        public async Task RenderAllAsync(IReadOnlyList<string> imagePaths, int first, int count, CancellationToken cancellationToken)
        {
            try
            {
                buffer = await free.ReadAsync(cancellationToken);
                for (int image = first; image < first + count; image++)
                    await RenderImageAsync(image, imagePaths[image], cancellationToken);
                if (filled > 0) await batches.WriteAsync(new ViewBatch(buffer, firstItem, filled), cancellationToken);
                batches.Complete();
            }
            catch (Exception error)
            {
                batches.Complete(error);
                throw;
            }
        }

        private async Task RenderImageAsync(int image, string path, CancellationToken cancellationToken)
        {
            using var decoded = ImageDecoding.Load(path);
            var views = GridViews.Rectangles(decoded.Width, decoded.Height, options.GridSize);
            for (int view = 0; view < views.Length; view++)
            {
                using var plain = ImageTransforms.CropResize(decoded, views[view], metadata.InputSize);
                for (int variant = 0; variant < options.Variants; variant++)
                {
                    if (ViewVariants.UsesPlainCrop(variant))
                    {
                        Write(plain, variant);
                    }
                    else
                    {
                        var crop = ViewVariants.Crop(views[view], options.Seed, image, view, variant);
                        using var cropped = ImageTransforms.CropResize(decoded, crop, metadata.InputSize);
                        Write(cropped, variant);
                    }
                    if (filled == batchSize) await FlushAsync(cancellationToken);
                }
            }
        }

        private void Write(Image<Rgb24> view, int variant)
        {
            int pixels = 3 * metadata.InputSize * metadata.InputSize;
            ImageTransforms.WriteChw(view, ViewVariants.IsFlipped(variant), metadata.Normalization, buffer.AsSpan(filled * pixels, pixels));
            filled++;
        }

        private async Task FlushAsync(CancellationToken cancellationToken)
        {
            await batches.WriteAsync(new ViewBatch(buffer, firstItem, filled), cancellationToken);
            firstItem += filled;
            filled = 0;
            buffer = await free.ReadAsync(cancellationToken);
        }
    }
}
