using Aevlp.ML.Inference;
using Aevlp.ML.Teachers;

namespace Aevlp.Benchmarks;

/// <summary>
/// Demo teacher throughput (ImageNet ResNet-18 in ONNX Runtime, 224 px, fixed batch 1): the encoder alone on
/// ready tensors, and the whole scorer on fashion-mosaic images (decode, DAMP grid crops, resize, flip, normalise,
/// encoder, cosine). python/teacher_benchmark.py measures the same network in PyTorch.
/// </summary>
public sealed class TeacherSpeedBenchmark : IBenchmark
{
    private const int EncoderViews = 32, ScoredImages = 40, Grid = 2, Variants = 2;

    public string Name => "teacher";

    public string Description => "demo teacher (ResNet-18 ONNX, 224 px) views/s: encoder alone and the full scorer";

    public async Task RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        var execution = OnnxExecution.Cpu(options.Threads);
        DemoFashionMosaic.Ensure(execution);
        using var teacher = Teacher.Load(DemoFashionMosaic.Teacher, execution);

        var pixels = new float[EncoderViews * teacher.Encoder.PixelsPerImage];
        var random = new Random(1);
        for (int i = 0; i < pixels.Length; i++) pixels[i] = random.Next(256);
        var embeddings = new float[EncoderViews * teacher.Metadata.EmbeddingDim];
        var encoder = Measure.Median(() => teacher.Encoder.Embed(pixels, EncoderViews, embeddings), options.Runs, warmups: 1);
        Console.WriteLine($"teacher encoder: {encoder} per {EncoderViews} views -> {EncoderViews / encoder.MedianSeconds:F1} views/s");

        var train = DemoFashionMosaic.Load().OfficialTrain;
        var paths = Enumerable.Range(0, ScoredImages).Select(train.FullImagePath).ToArray();
        var scoring = new TeacherScoringOptions(Grid, Variants);
        int views = ScoredImages * scoring.Views * Variants;
        var scorer = Measure.Median(() => new TeacherScorer(teacher).ScoreAsync(paths, scoring, cancellationToken: cancellationToken).GetAwaiter().GetResult(),
            options.Runs, warmups: 1);
        Console.WriteLine($"teacher scorer: {scorer} per {ScoredImages} images × {scoring.Views} views × {Variants} variants -> {views / scorer.MedianSeconds:F1} views/s");
        Console.WriteLine($"compare: /usr/bin/python3 tests/Aevlp.Benchmarks/python/teacher_benchmark.py --threads {options.Threads} --runs {options.Runs}");
        await Task.CompletedTask;
    }
}
