using Aevlp.ML.Data;
using Aevlp.ML.Inference;
using Aevlp.ML.Teachers;

namespace Aevlp.Benchmarks;

/// <summary>The fashion-mosaic dataset and its demo teacher, generated once into /tmp and reused by the teacher benchmarks.</summary>
public static class DemoFashionMosaic
{
    public static readonly FashionMosaicOptions Options = new();

    public const int ExamplesPerClass = 16;

    public static string Root => Path.Combine(Path.GetTempPath(), "aevlp-teacher-benchmark");

    public static string Dataset => Path.Combine(Root, "dataset");

    public static string Teacher => Path.Combine(Root, "teacher");

    public static void Ensure(OnnxExecution execution)
    {
        if (!File.Exists(Path.Combine(Dataset, DatasetManifest.FileName)))
        {
            if (Directory.Exists(Dataset)) Directory.Delete(Dataset, recursive: true);
            FashionMosaicGenerator.Generate(Options, Dataset);
        }
        if (!File.Exists(Path.Combine(Teacher, TeacherMetadata.ClassEmbeddingsFile)))
            DemoTeacherBuilder.Build(Dataset, Teacher, ExamplesPerClass, DemoTeacherEncoder.BesideAssemblies, execution);
    }

    public static SpmlDataset Load() => SpmlDatasetLoader.Load(Dataset, Path.Combine(Dataset, "images"));
}
