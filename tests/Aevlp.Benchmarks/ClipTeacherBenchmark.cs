using Aevlp.ML.Inference;
using Aevlp.ML.Npy;
using Aevlp.ML.Teachers;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Aevlp.Benchmarks;

/// <summary>
/// A CLIP-sized teacher (ViT-B/16: 12 layers, 768 wide, 224 px, 512-d output; python/make_vit_teacher.py) in the pseudo-labeler's
/// code: the import check, parity with PyTorch, the encoder alone at batch 1, 8 and 32 on ready views, and the whole scorer at
/// the paper's G = 4 (17 views × both flip states) on VOC-sized JPEGs, projected to VOC's and COCO's train sets.
/// python/teacher_clip_benchmark.py runs the same network in PyTorch, eager and after torch.jit.optimize_for_inference.
/// </summary>
public sealed class ClipTeacherBenchmark : IBenchmark
{
    private const int EncoderViews = 64, ScoredImages = 8, Grid = 4, Variants = 2, VocImages = 5_717, CocoImages = 82_081;

    public static string Root => Environment.GetEnvironmentVariable("AEVLP_VIT_TEACHER") ?? Path.Combine(Path.GetTempPath(), "aevlp-vit");

    public string Name => "teacher-clip";

    public string Description => "CLIP-sized teacher (ViT-B/16 ONNX, 224 px, G = 4) views/s in the pseudo-labeler, and the projected VOC/COCO teacher pass";

    public async Task RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Root, "teacher");
        if (!File.Exists(Path.Combine(folder, TeacherMetadata.EncoderFile)))
            throw new FileNotFoundException($"no teacher in {folder}; make it first: /usr/bin/python3 tests/Aevlp.Benchmarks/python/make_vit_teacher.py {Root}");
        var execution = OnnxExecution.Cpu(options.Threads);
        Console.WriteLine($"import check: {(TeacherCheck.Problems(folder, execution) is { Count: 0 } ? "no problems" : "PROBLEMS")}");
        using var teacher = Teacher.Load(folder, execution);
        Console.WriteLine($"parity with PyTorch: max |diff| {Parity(teacher):E2} over 2 × {teacher.Metadata.EmbeddingDim} embedding values");

        var pixels = new float[EncoderViews * teacher.Encoder.PixelsPerImage];
        var random = new Random(1);
        for (int i = 0; i < pixels.Length; i++) pixels[i] = (float)(random.NextDouble() * 4 - 2);
        var embeddings = new float[EncoderViews * teacher.Metadata.EmbeddingDim];
        foreach (int batch in new[] { 1, 8, 32 })
        {
            var timing = Measure.Median(() => EmbedInBatches(teacher, pixels, embeddings, batch), options.Runs, warmups: 1);
            Console.WriteLine($"encoder batch {batch,2}: {timing} per {EncoderViews} views -> {EncoderViews / timing.MedianSeconds:F2} views/s");
        }

        var images = WriteVocSizedImages(Path.Combine(Root, "images"));
        var scoring = new TeacherScoringOptions(Grid, Variants);
        int views = ScoredImages * scoring.Views * Variants;
        var scorer = Measure.Median(() => new TeacherScorer(teacher).ScoreAsync(images, scoring, cancellationToken: cancellationToken).GetAwaiter().GetResult(),
            options.Runs, warmups: 1);
        double viewsPerSecond = views / scorer.MedianSeconds;
        Console.WriteLine($"scorer G={Grid} batch {scoring.BatchSize}: {scorer} per {ScoredImages} images × {scoring.Views} views × {Variants} variants " +
            $"-> {viewsPerSecond:F2} views/s");
        int perImage = scoring.Views * Variants;
        Console.WriteLine($"projected teacher pass on this machine: VOC {VocImages} images {Hours(VocImages * perImage / viewsPerSecond)}, " +
            $"COCO {CocoImages} images {Hours(CocoImages * perImage / viewsPerSecond)}");
        Console.WriteLine($"compare: /usr/bin/python3 tests/Aevlp.Benchmarks/python/teacher_clip_benchmark.py --threads {options.Threads} --runs {options.Runs}");
        await Task.CompletedTask;
    }

    private static void EmbedInBatches(Teacher teacher, float[] pixels, float[] embeddings, int batch)
    {
        int size = teacher.Encoder.PixelsPerImage, dimension = teacher.Metadata.EmbeddingDim;
        for (int start = 0; start < EncoderViews; start += batch)
            teacher.Encoder.Embed(pixels.AsMemory(start * size, batch * size), batch, embeddings.AsSpan(start * dimension, batch * dimension));
    }

    private static double Parity(Teacher teacher)
    {
        var input = NpyFile.Read(Path.Combine(Root, "reference", "input.npy")).As<float>();
        var expected = NpyFile.Read(Path.Combine(Root, "reference", "embedding.npy")).As<float>();
        var actual = new float[expected.Length];
        teacher.Encoder.Embed(input, 2, actual);
        return expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
    }

    /// <summary>Random-noise JPEGs of VOC's typical 500 × 375: what the scorer decodes, crops and resizes per image.</summary>
    private static string[] WriteVocSizedImages(string folder)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(2);
        return [.. Enumerable.Range(0, ScoredImages).Select(i =>
        {
            var path = Path.Combine(folder, $"{i}.jpg");
            if (File.Exists(path)) return path;
            using var image = new Image<Rgb24>(500, 375);
            image.ProcessPixelRows(rows =>
            {
                for (int y = 0; y < rows.Height; y++)
                    foreach (ref var pixel in rows.GetRowSpan(y)) pixel = new Rgb24((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
            });
            image.SaveAsJpeg(path);
            return path;
        })];
    }

    private static string Hours(double seconds) => $"{seconds / 3600:F1} h";
}
