using Aevlp.ML.Images;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Aevlp.Benchmarks;

/// <summary>
/// Training-loader throughput: 500×375 JPEGs → 448×448, random flip, ImageNet normalisation, batches of 16,
/// one decode worker per thread. python/loader_benchmark.py measures PIL + torchvision on the same files.
/// </summary>
public sealed class LoaderBenchmark : IBenchmark
{
    private const int ImageCount = 96;

    public string Name => "loader";

    public string Description => $"ImageBatchLoader, {ImageCount} JPEG 500x375 -> 448x448 + flip + normalise, images/s";

    public async Task RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        string folder = Path.Combine(Path.GetTempPath(), "aevlp-loader-benchmark");
        var paths = WriteJpegs(folder);
        var loader = new ImageBatchLoader(new ImageLoaderOptions(
            ImageSize: 448, BatchSize: 16, Workers: options.Threads, PrefetchBatches: 2, RandomFlip: true, Shuffle: true, Seed: 1));
        int epoch = 0;
        var timing = Measure.Median(() => ReadEpoch(loader, paths, epoch++, cancellationToken).GetAwaiter().GetResult(), options.Runs, warmups: 1);
        Console.WriteLine($"loader: {timing} per epoch of {ImageCount} images -> {ImageCount / timing.MedianSeconds:F1} images/s");
        Console.WriteLine($"compare: /usr/bin/python3 tests/Aevlp.Benchmarks/python/loader_benchmark.py {folder} --workers {options.Threads} --runs {options.Runs}");
        await Task.CompletedTask;
    }

    private static async Task ReadEpoch(ImageBatchLoader loader, IReadOnlyList<string> paths, int epoch, CancellationToken cancellationToken)
    {
        await foreach (var batch in loader.ReadEpochAsync(paths, epoch, cancellationToken)) batch.Dispose();
    }

    /// <summary>Photo-like test images (smooth colour fields plus grain), written once, identical on every run.</summary>
    private static string[] WriteJpegs(string folder)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(500);
        var paths = new string[ImageCount];
        for (int i = 0; i < ImageCount; i++)
        {
            paths[i] = Path.Combine(folder, $"{i:D4}.jpg");
            if (File.Exists(paths[i])) continue;
            using var coarse = new Image<Rgb24>(16, 12);
            for (int y = 0; y < 12; y++)
            for (int x = 0; x < 16; x++)
                coarse[x, y] = new Rgb24((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
            using var photo = coarse.Clone(c => c.Resize(500, 375, KnownResamplers.Bicubic));
            for (int y = 0; y < 375; y++)
            for (int x = 0; x < 500; x++)
            {
                var p = photo[x, y];
                int grain = random.Next(-20, 21);
                photo[x, y] = new Rgb24(Clamp(p.R + grain), Clamp(p.G + grain), Clamp(p.B + grain));
            }
            photo.SaveAsJpeg(paths[i], new SixLabors.ImageSharp.Formats.Jpeg.JpegEncoder { Quality = 90 });
        }
        return paths;
    }

    private static byte Clamp(int value) => (byte)Math.Clamp(value, 0, 255);
}
