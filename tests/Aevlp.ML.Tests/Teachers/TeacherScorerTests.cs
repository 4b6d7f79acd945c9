using Aevlp.ML.Images;
using Aevlp.ML.Inference;
using Aevlp.ML.Teachers;
using Aevlp.ML.Tests.Fixtures;
using Microsoft.ML.OnnxRuntime;

namespace Aevlp.ML.Tests.Teachers;

public sealed class TeacherScorerTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData("tiny_dynamic.onnx", 32)]
    [InlineData("tiny_dynamic.onnx", 3)]
    [InlineData("tiny_fixed.onnx", 32)]
    public async Task Logits_match_a_direct_onnx_runtime_call_per_view_and_flip(string model, int batchSize)
    {
        var images = TinyTeacher.Images(temp.Path, 3);
        using var teacher = Teacher.Load(TinyTeacher.Write(temp.Sub("teacher"), model), OnnxExecution.Cpu());
        var options = new TeacherScoringOptions(GridSize: 2, Variants: 2, BatchSize: batchSize);

        var logits = await new TeacherScorer(teacher).ScoreAsync(images, options);

        Assert.Equal((3, 5, 2, TinyTeacher.Classes), (logits.Images, logits.Views, logits.Variants, logits.Classes));
        using var session = new InferenceSession(TinyTeacher.Model(model));
        for (int image = 0; image < images.Length; image++)
        for (int view = 0; view < 5; view++)
        for (int variant = 0; variant < 2; variant++)
        {
            var expected = DirectLogits(session, images[image], view, flip: variant == 1);
            Tolerance.AllClose(expected, [.. logits.Logits(image, view, variant).ToArray().Select(v => (double)v)], 1e-5, 0,
                $"image {image} view {view} variant {variant}");
        }
        Assert.Equal(teacher.Encoder.DynamicBatch, model == "tiny_dynamic.onnx");
    }

    [Fact]
    public async Task Augmented_variants_are_seeded_crops_and_reported_progress_reaches_every_image()
    {
        var images = TinyTeacher.Images(temp.Path, 4);
        using var teacher = Teacher.Load(TinyTeacher.Write(temp.Sub("teacher")), OnnxExecution.Cpu());
        var options = new TeacherScoringOptions(GridSize: 1, Variants: 4, BatchSize: 5, Seed: 11);
        var progress = new List<int>();

        var first = await new TeacherScorer(teacher).ScoreAsync(images, options, progress.Add);
        var again = await new TeacherScorer(teacher).ScoreAsync(images, options);
        var otherSeed = await new TeacherScorer(teacher).ScoreAsync(images, options with { Seed = 12 });

        Assert.Equal(first.Values, again.Values);
        Assert.NotEqual(first.Logits(0, 0, 2).ToArray(), first.Logits(0, 0, 0).ToArray());
        Assert.NotEqual(first.Logits(0, 0, 2).ToArray(), otherSeed.Logits(0, 0, 2).ToArray());
        // The same unaugmented view sits in a batch with different neighbours: equal up to ONNX Runtime's
        // threading (seen to differ in the last bits when the CPU is contended), not bit for bit.
        Assert.All(first.Logits(1, 1, 1).ToArray().Zip(otherSeed.Logits(1, 1, 1).ToArray()),
            pair => Assert.InRange(Math.Abs(pair.First - pair.Second), 0, 1e-5));
        Assert.Equal(4, progress[^1]);
        Assert.Equal(progress.Order(), progress);
    }

    [Fact]
    public async Task A_cancelled_token_stops_scoring()
    {
        var images = TinyTeacher.Images(temp.Path, 2);
        using var teacher = Teacher.Load(TinyTeacher.Write(temp.Sub("teacher")), OnnxExecution.Cpu());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new TeacherScorer(teacher).ScoreAsync(images, new TeacherScoringOptions(2), cancellationToken: new CancellationToken(true)));
    }

    [Fact]
    public async Task An_unreadable_image_fails_the_scoring_with_its_path()
    {
        var images = TinyTeacher.Images(temp.Path, 2);
        File.WriteAllText(images[1], "not a png");
        using var teacher = Teacher.Load(TinyTeacher.Write(temp.Sub("teacher")), OnnxExecution.Cpu());

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => new TeacherScorer(teacher).ScoreAsync(images, new TeacherScoringOptions(2)));
        Assert.Contains(images[1], error.Message);
    }

    /// <summary>The view cut, resized, flipped and normalised by hand, one ONNX Runtime call, cosine in float64.</summary>
    private static double[] DirectLogits(InferenceSession session, string path, int view, bool flip)
    {
        using var image = ImageDecoding.Load(path);
        var region = GridViews.Rectangles(image.Width, image.Height, 2)[view];
        using var resized = ImageTransforms.CropResize(image, region, TinyTeacher.Size);
        var pixels = new float[3 * TinyTeacher.Size * TinyTeacher.Size];
        ImageTransforms.WriteChw(resized, flip, TinyTeacher.Metadata.Normalization, pixels);
        using var input = OrtValue.CreateTensorValueFromMemory(pixels, [1, 3, TinyTeacher.Size, TinyTeacher.Size]);
        using var output = session.Run(new RunOptions(), ["pixels"], [input], ["embedding"]);
        var embedding = output[0].GetTensorDataAsSpan<float>().ToArray();
        return Enumerable.Range(0, TinyTeacher.Classes).Select(c => Cosine(embedding, TinyTeacher.Embeddings[(c * 4)..(c * 4 + 4)])).ToArray();
    }

    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++) (dot, na, nb) = (dot + a[i] * (double)b[i], na + a[i] * (double)a[i], nb + b[i] * (double)b[i]);
        return dot / Math.Sqrt(na * nb);
    }
}
