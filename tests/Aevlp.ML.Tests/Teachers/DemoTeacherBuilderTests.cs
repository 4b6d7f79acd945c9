using Aevlp.ML.Data;
using Aevlp.ML.Inference;
using Aevlp.ML.Npy;
using Aevlp.ML.Teachers;
using Aevlp.ML.Tests.Data;

namespace Aevlp.ML.Tests.Teachers;

public sealed class DemoTeacherBuilderTests(FashionMnistFixture mnist) : IClassFixture<FashionMnistFixture>, IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Builds_a_loadable_teacher_whose_prototypes_recognise_their_own_garments()
    {
        var dataset = temp.Sub("dataset");
        FashionMosaicGenerator.Generate(new FashionMosaicOptions(TrainCount: 6, TestCount: 2, HeldOutPerClass: 3, CanvasSize: 64), dataset, mnist.Train, mnist.Test);

        var metadata = DemoTeacherBuilder.Build(dataset, temp.Sub("teacher"), examplesPerClass: 3, DemoTeacherEncoder.BesideAssemblies, OnnxExecution.Cpu());

        Assert.Equal(FashionMnist.ClassNames, metadata.Classes);
        Assert.All(metadata.Files, file => Assert.True(File.Exists(Path.Combine(temp.Sub("teacher"), file)), file));
        var embeddings = NpyFile.Read(Path.Combine(temp.Sub("teacher"), TeacherMetadata.ClassEmbeddingsFile));
        Assert.Equal([10, 512], embeddings.Shape);
        using var teacher = Teacher.Load(temp.Sub("teacher"), OnnxExecution.Cpu());
        Assert.False(teacher.Encoder.DynamicBatch);

        // Each held-out garment is closest to its own class prototype (it is one of the three averaged).
        var heldOut = NpyFile.Read(Path.Combine(dataset, FashionMosaicGenerator.HeldOutImagesFile)).As<string>();
        var labels = NpyFile.Read(Path.Combine(dataset, FashionMosaicGenerator.HeldOutLabelsFile)).As<long>();
        var paths = heldOut.Select(p => Path.Combine(dataset, "images", p)).ToArray();
        var logits = await new TeacherScorer(teacher).ScoreAsync(paths, new TeacherScoringOptions(GridSize: 1, Variants: 1));
        int correct = Enumerable.Range(0, paths.Length).Count(i => ArgMax(logits.Logits(i, 0, 0)) == labels[i]);
        Assert.True(correct >= 27, $"{correct} of 30 held-out garments nearest their own prototype");
    }

    [Fact]
    public void Too_few_held_out_garments_per_class_is_named()
    {
        var dataset = temp.Sub("dataset");
        FashionMosaicGenerator.Generate(new FashionMosaicOptions(TrainCount: 2, TestCount: 1, HeldOutPerClass: 1, CanvasSize: 64), dataset, mnist.Train, mnist.Test);

        var error = Assert.Throws<InvalidDataException>(() =>
            DemoTeacherBuilder.Build(dataset, temp.Sub("teacher"), 2, DemoTeacherEncoder.BesideAssemblies, OnnxExecution.Cpu()));
        Assert.Contains("1 held-out images of class 'T-shirt/top', expected ≥ 2", error.Message);
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }
}
