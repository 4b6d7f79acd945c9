using static TorchSharp.torch;

namespace Aevlp.ML.Images;

/// <summary>A batch of images as float32 [B, 3, S, S], with which dataset rows they are and which were flipped.</summary>
public sealed class ImageBatch(Tensor images, int[] indices, bool[] flipped) : IDisposable
{
    /// <summary>Owned by the batch: dispose the batch, or detach what you keep.</summary>
    public Tensor Images { get; } = images;

    /// <summary>Row of each image in the list given to the loader (gather labels with these).</summary>
    public IReadOnlyList<int> Indices { get; } = indices;

    public IReadOnlyList<bool> Flipped { get; } = flipped;

    public int Count => Indices.Count;

    public void Dispose() => Images.Dispose();
}
