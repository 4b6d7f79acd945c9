using Aevlp.ML.Data;
using Aevlp.ML.Images;

namespace Aevlp.ML.Tests.Images;

public class ImageBatchLoaderTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly string[] paths;

    public ImageBatchLoaderTests()
    {
        SyntheticShapesGenerator.Generate(new SyntheticShapesOptions(TrainCount: 20, TestCount: 1), temp.Path);
        var train = SpmlDatasetLoader.Load(temp.Path, Path.Combine(temp.Path, "images")).OfficialTrain;
        paths = Enumerable.Range(0, train.Count).Select(train.FullImagePath).ToArray();
    }

    public void Dispose() => temp.Dispose();

    private static ImageLoaderOptions Train(int workers) =>
        new(ImageSize: 24, BatchSize: 8, Workers: workers, RandomFlip: true, Shuffle: true, Seed: 3);

    private async Task<List<(int[] Indices, bool[] Flipped, float[] Values)>> ReadAll(ImageLoaderOptions options, int epoch)
    {
        var batches = new List<(int[], bool[], float[])>();
        await foreach (var batch in new ImageBatchLoader(options).ReadEpochAsync(paths, epoch))
            using (batch)
            {
                Assert.Equal(new long[] { batch.Count, 3, 24, 24 }, batch.Images.shape);
                batches.Add((batch.Indices.ToArray(), batch.Flipped.ToArray(), batch.Images.data<float>().ToArray()));
            }
        return batches;
    }

    [Fact]
    public async Task Yields_every_image_once_in_full_batches_then_the_rest()
    {
        var batches = await ReadAll(Train(workers: 2), epoch: 0);
        Assert.Equal([8, 8, 4], batches.Select(b => b.Indices.Length));
        Assert.Equal(Enumerable.Range(0, 20), batches.SelectMany(b => b.Indices).Order());
        Assert.InRange(batches.SelectMany(b => b.Flipped).Count(f => f), 4, 16);
    }

    [Fact]
    public async Task Output_depends_on_seed_and_epoch_not_on_thread_count()
    {
        var two = await ReadAll(Train(workers: 2), epoch: 1);
        var one = await ReadAll(Train(workers: 1) with { PrefetchBatches = 1 }, epoch: 1);
        var nextEpoch = await ReadAll(Train(workers: 2), epoch: 2);

        Assert.Equal(two.SelectMany(b => b.Values), one.SelectMany(b => b.Values));
        Assert.Equal(two.SelectMany(b => b.Flipped), one.SelectMany(b => b.Flipped));
        Assert.NotEqual(two.SelectMany(b => b.Indices), nextEpoch.SelectMany(b => b.Indices));
    }

    [Fact]
    public async Task Without_shuffle_and_flip_images_come_in_list_order_unflipped()
    {
        var batches = await ReadAll(new ImageLoaderOptions(ImageSize: 24, BatchSize: 8), epoch: 0);
        Assert.Equal(Enumerable.Range(0, 20), batches.SelectMany(b => b.Indices));
        Assert.DoesNotContain(true, batches.SelectMany(b => b.Flipped));
    }

    [Fact]
    public async Task Batch_tensor_holds_the_resized_normalised_pixels()
    {
        var first = (await ReadAll(new ImageLoaderOptions(ImageSize: 24, BatchSize: 8), epoch: 0))[0];
        using var image = ImageDecoding.Load(paths[0]);
        using var resized = ImageTransforms.CropResize(image, null, 24);
        var expected = new float[3 * 24 * 24];
        ImageTransforms.WriteChw(resized, flip: false, ImageNormalization.ImageNet, expected);
        Assert.Equal(expected, first.Values[..expected.Length]);
    }

    [Fact]
    public async Task Stops_when_cancelled()
    {
        using var cancellation = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var batch in new ImageBatchLoader(Train(2)).ReadEpochAsync(paths, 0, cancellation.Token))
            {
                batch.Dispose();
                cancellation.Cancel();
            }
        });
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public async Task A_broken_image_fails_the_epoch_naming_the_file()
    {
        File.WriteAllText(paths[5], "broken");
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAll(Train(2), epoch: 0));
        Assert.StartsWith(paths[5] + ":", error.Message);
    }
}
