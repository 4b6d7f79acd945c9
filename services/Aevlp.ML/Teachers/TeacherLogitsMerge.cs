using Aevlp.ML.Npy;

namespace Aevlp.ML.Teachers;

/// <summary>
/// Writes one <c>logits.npy</c> of shape [N, V, A, C] from chunks of consecutive images, each itself a .npy of
/// [count, V, A, C] in the same dtype: the header once, then each chunk's data bytes as they are, so the result is the
/// bytes one pass would have written. Chunks must come in image order and tile 0..N exactly.
/// </summary>
public sealed class TeacherLogitsMerge
{
    private readonly Stream output;
    private readonly int images, views, variants, classes;
    private readonly NpyDType dtype;
    private int written;

    /// <param name="shape">[N, V, A, C] of the merged logits.</param>
    public TeacherLogitsMerge(Stream output, IReadOnlyList<int> shape, bool float16)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Count != 4) throw new ArgumentException($"shape has {shape.Count} dimensions, expected [images, views, variants, classes]", nameof(shape));
        (this.output, images, views, variants, classes) = (output, shape[0], shape[1], shape[2], shape[3]);
        dtype = NpyDType.Of(float16 ? typeof(Half) : typeof(float));
        output.Write(NpyHeader.Format(dtype, shape));
    }

    /// <summary>Appends the chunk that starts at image <paramref name="first"/>.</summary>
    /// <param name="source">Named in errors (the chunk's blob).</param>
    /// <exception cref="InvalidDataException">The chunk is out of order, or its dtype or shape is not the pass's.</exception>
    public async Task AppendAsync(Stream chunk, int first, string source, CancellationToken cancellationToken)
    {
        if (first != written)
            throw new InvalidDataException($"{source}: starts at image {first}, expected {written} (chunks tile the pass in order)");
        var (chunkType, shape) = NpyHeader.Read(chunk, source);
        if (chunkType != dtype || shape.Length != 4 || shape[1] != views || shape[2] != variants || shape[3] != classes
            || shape[0] < 1 || shape[0] > images - written)
            throw new InvalidDataException($"{source}: {chunkType.Descr} ({string.Join(", ", shape)}), expected {dtype.Descr} " +
                $"(1..{images - written}, {views}, {variants}, {classes})");
        long bytes = (long)shape[0] * views * variants * classes * dtype.ItemSize;
        long before = output.Position;
        await chunk.CopyToAsync(output, cancellationToken);
        if (output.Position - before != bytes)
            throw new InvalidDataException($"{source}: {output.Position - before} data bytes, expected {bytes} for its shape");
        written += shape[0];
    }

    /// <exception cref="InvalidDataException">Images are missing at the end.</exception>
    public void Complete()
    {
        if (written != images) throw new InvalidDataException($"merged {written} of {images} images: chunks missing at the end");
        output.Flush();
    }
}
