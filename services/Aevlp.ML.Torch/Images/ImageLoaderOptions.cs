namespace Aevlp.ML.Images;

/// <summary>Settings of <see cref="ImageBatchLoader"/>.</summary>
/// <param name="ImageSize">S of the S×S output (448 in the paper).</param>
/// <param name="Workers">Decode threads.</param>
/// <param name="PrefetchBatches">Batches decoded ahead of the consumer; bounds memory (B·3·S·S·4 bytes each).</param>
/// <param name="RandomFlip">Horizontal flip with p = 0.5 (train); off for val/test.</param>
/// <param name="Shuffle">Visit the images in a seeded per-epoch permutation instead of list order.</param>
/// <param name="Seed">With the epoch, fixes the order and every flip, whatever the thread timing.</param>
public sealed record ImageLoaderOptions(
    int ImageSize = 448,
    int BatchSize = 16,
    int Workers = 2,
    int PrefetchBatches = 2,
    bool RandomFlip = false,
    bool Shuffle = false,
    int Seed = 0,
    ImageNormalization? Normalization = null)
{
    public ImageNormalization EffectiveNormalization => Normalization ?? ImageNormalization.ImageNet;
}
