namespace Aevlp.PseudoLabeler.Chunks;

/// <summary>How a pass of <see cref="Images"/> images is cut into chunks: consecutive images, <see cref="ChunkImages"/> each but
/// the last. The size is a multiple of the scorer's images per batch, so every chunk batches its images as one pass over all of
/// them would, and the merged logits are the same bits.</summary>
public sealed record ChunkPlan(int Images, int ChunkImages)
{
    public static ChunkPlan Of(int images, int requestedChunkImages, int imagesPerBatch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(requestedChunkImages, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(imagesPerBatch, 1);
        int size = (requestedChunkImages + imagesPerBatch - 1) / imagesPerBatch * imagesPerBatch;
        return new ChunkPlan(images, size);
    }

    /// <summary>(first image, count) of every chunk, in image order.</summary>
    public IEnumerable<(int First, int Count)> Chunks()
    {
        for (int first = 0; first < Images; first += ChunkImages) yield return (first, Math.Min(ChunkImages, Images - first));
    }

    public int Count => (Images + ChunkImages - 1) / ChunkImages;

    /// <summary>The chunks whose first image is not in <paramref name="committed"/>.</summary>
    public IEnumerable<(int First, int Count)> Missing(IReadOnlySet<int> committed) => Chunks().Where(chunk => !committed.Contains(chunk.First));

    public int CountOf(int first) => Math.Min(ChunkImages, Images - first);
}
