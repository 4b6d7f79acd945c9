using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using static TorchSharp.torch;

namespace Aevlp.ML.Images;

/// <summary>
/// Keeps a trainer fed: <see cref="ImageLoaderOptions.Workers"/> threads decode, resize, flip and normalise images
/// straight into the batch tensors, up to <see cref="ImageLoaderOptions.PrefetchBatches"/> batches ahead. Batches come
/// out in a fixed order and their contents depend only on (paths, options, epoch), never on thread timing.
/// </summary>
public sealed class ImageBatchLoader(ImageLoaderOptions options)
{
    private sealed record ImageJob(PendingBatch Batch, int Slot, string Path, bool Flip);

    public ImageLoaderOptions Options { get; } = options;

    /// <summary>One epoch of batches over <paramref name="paths"/> (the last batch may be smaller).</summary>
    /// <exception cref="InvalidDataException">An image cannot be decoded; the message names the file.</exception>
    public async IAsyncEnumerable<ImageBatch> ReadEpochAsync(IReadOnlyList<string> paths, int epoch,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var batches = Channel.CreateBounded<PendingBatch>(Math.Max(1, Options.PrefetchBatches));
        var jobs = Channel.CreateUnbounded<ImageJob>();
        var producer = Task.Run(() => ProduceAsync(paths, epoch, batches.Writer, jobs.Writer, stop.Token), stop.Token);
        var workers = Enumerable.Range(0, Options.Workers).Select(_ => Task.Run(() => WorkAsync(jobs.Reader, stop.Token), stop.Token)).ToArray();
        try
        {
            await foreach (var pending in batches.Reader.ReadAllAsync(stop.Token))
                yield return await pending.Completion.WaitAsync(stop.Token);
            await producer;
        }
        finally
        {
            stop.Cancel();
            await Task.WhenAll(workers.Append(producer)).ContinueWith(_ => { }, TaskScheduler.Default);
            while (batches.Reader.TryRead(out var leftover)) leftover.DisposeTensor();
        }
    }

    private async Task ProduceAsync(IReadOnlyList<string> paths, int epoch, ChannelWriter<PendingBatch> batches,
        ChannelWriter<ImageJob> jobs, CancellationToken cancellationToken)
    {
        try
        {
            var order = EpochRandomness.Order(paths.Count, Options.Shuffle, Options.Seed, epoch);
            for (int start = 0; start < order.Length; start += Options.BatchSize)
            {
                int[] indices = order[start..Math.Min(order.Length, start + Options.BatchSize)];
                bool[] flips = indices.Select(i => Options.RandomFlip && EpochRandomness.Flip(Options.Seed, epoch, i)).ToArray();
                var batch = new PendingBatch(indices, flips, Options.ImageSize);
                await batches.WriteAsync(batch, cancellationToken);
                for (int slot = 0; slot < indices.Length; slot++)
                    await jobs.WriteAsync(new ImageJob(batch, slot, paths[indices[slot]], flips[slot]), cancellationToken);
            }
        }
        finally
        {
            batches.TryComplete();
            jobs.TryComplete();
        }
    }

    private async Task WorkAsync(ChannelReader<ImageJob> jobs, CancellationToken cancellationToken)
    {
        var normalization = Options.EffectiveNormalization;
        await foreach (var job in jobs.ReadAllAsync(cancellationToken))
        {
            try
            {
                using (var image = ImageDecoding.Load(job.Path))
                using (var resized = ImageTransforms.CropResize(image, null, Options.ImageSize))
                    ImageTransforms.WriteChw(resized, job.Flip, normalization, job.Batch.Slot(job.Slot));
                job.Batch.SlotDone();
            }
            catch (Exception error)
            {
                job.Batch.Fail(error);
            }
        }
    }

    /// <summary>A batch being filled by the workers; completes when its last image lands.</summary>
    private sealed class PendingBatch(int[] indices, bool[] flips, int size)
    {
        private readonly Tensor images = empty([indices.Length, 3, size, size], ScalarType.Float32);
        private readonly TaskCompletionSource<ImageBatch> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int remaining = indices.Length;

        public Task<ImageBatch> Completion => completion.Task;

        /// <summary>
        /// The slot's 3·S·S floats inside the tensor's own CPU memory: workers write there directly, each to its own
        /// slot, so a batch costs no extra copy.
        /// </summary>
        public Span<float> Slot(int slot)
        {
            int length = 3 * size * size;
            return MemoryMarshal.Cast<byte, float>(images.bytes).Slice(slot * length, length);
        }

        public void SlotDone()
        {
            if (Interlocked.Decrement(ref remaining) == 0)
                completion.TrySetResult(new ImageBatch(images, indices, flips));
        }

        public void Fail(Exception error)
        {
            if (completion.TrySetException(error)) images.Dispose();
        }

        public void DisposeTensor()
        {
            if (!completion.Task.IsCompletedSuccessfully) completion.TrySetCanceled();
            images.Dispose();
        }
    }
}
