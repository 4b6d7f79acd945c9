using System.Numerics.Tensors;
using Aevlp.ML.Data;
using Aevlp.ML.Images;
using Aevlp.ML.Inference;
using Aevlp.ML.Npy;

namespace Aevlp.ML.Teachers;

/// <summary>
/// Builds the offline demo teacher for the fashion-mosaic dataset with CLIP's structure: the ResNet-18 image
/// encoder, and as class embedding the mean L2-normalised embedding of K held-out labelled single garments per
/// class (the dataset's <c>heldout_images.npy</c> / <c>heldout_labels.npy</c>, never used by any mosaic).
/// </summary>
public static class DemoTeacherBuilder
{
    public const string Name = "resnet18-imagenet-demo";

    /// <summary>Writes teacher.json, encoder.onnx, preprocess.onnx and class_embeddings.npy into <paramref name="outputDirectory"/>.</summary>
    public static TeacherMetadata Build(string datasetDirectory, string outputDirectory, int examplesPerClass,
        DemoTeacherEncoder encoderFiles, OnnxExecution execution, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(examplesPerClass, 1);
        var classes = DatasetManifest.Read(datasetDirectory).Classes;
        var examples = HeldOutExamples(datasetDirectory, classes, examplesPerClass);
        Directory.CreateDirectory(outputDirectory);
        CopyEncoder(encoderFiles, outputDirectory);
        var metadata = DemoTeacherEncoder.Metadata(Name, classes);
        metadata.Write(outputDirectory);

        using var encoder = OnnxEncoder.Open(outputDirectory, metadata, execution);
        var embeddings = new float[classes.Count * metadata.EmbeddingDim];
        for (int c = 0; c < classes.Count; c++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            MeanUnitEmbedding(encoder, metadata, examples[c], embeddings.AsSpan(c * metadata.EmbeddingDim, metadata.EmbeddingDim));
        }
        NpyFile.Write(Path.Combine(outputDirectory, TeacherMetadata.ClassEmbeddingsFile),
            NpyArray.Of(embeddings, classes.Count, metadata.EmbeddingDim));
        return metadata;
    }

    /// <summary>The first K held-out image paths of each class, in file order.</summary>
    private static string[][] HeldOutExamples(string datasetDirectory, IReadOnlyList<string> classes, int perClass)
    {
        string imagesFile = Path.Combine(datasetDirectory, FashionMosaicGenerator.HeldOutImagesFile);
        string labelsFile = Path.Combine(datasetDirectory, FashionMosaicGenerator.HeldOutLabelsFile);
        var paths = NpyFile.Read(imagesFile).As<string>();
        var labels = NpyFile.Read(labelsFile).ToDoubles();
        if (labels.Length != paths.Length)
            throw new InvalidDataException($"{labelsFile}: {labels.Length} labels for {paths.Length} images in {Path.GetFileName(imagesFile)}");
        var imagesRoot = Path.Combine(datasetDirectory, SpmlFolderWriter.ImagesFolder);
        return classes.Select((name, c) =>
        {
            var chosen = paths.Where((_, i) => labels[i] == c).Take(perClass).Select(p => Path.Combine(imagesRoot, p)).ToArray();
            return chosen.Length == perClass
                ? chosen
                : throw new InvalidDataException($"{labelsFile}: {chosen.Length} held-out images of class '{name}', expected ≥ {perClass} (examples per class)");
        }).ToArray();
    }

    private static void CopyEncoder(DemoTeacherEncoder files, string outputDirectory)
    {
        foreach (var (source, target) in new[] { (files.EncoderOnnx, TeacherMetadata.EncoderFile), (files.PreprocessOnnx, TeacherMetadata.PreprocessorFile) })
        {
            if (!File.Exists(source))
                throw new TeacherException(source, "file not found; the demo teacher's ONNX files come from NuGet Microsoft.ML.DnnImageFeaturizer.ResNet18 via build/DemoTeacher.targets");
            File.Copy(source, Path.Combine(outputDirectory, target), overwrite: true);
        }
    }

    private static void MeanUnitEmbedding(OnnxEncoder encoder, TeacherMetadata metadata, string[] images, Span<float> mean)
    {
        var pixels = new float[encoder.PixelsPerImage];
        var embedding = new float[metadata.EmbeddingDim];
        mean.Clear();
        foreach (var path in images)
        {
            using var image = ImageDecoding.Load(path);
            using var resized = ImageTransforms.CropResize(image, null, metadata.InputSize);
            ImageTransforms.WriteChw(resized, flip: false, metadata.Normalization, pixels);
            encoder.Embed(pixels, 1, embedding);
            TensorPrimitives.Divide(embedding, TensorPrimitives.Norm(embedding), embedding);
            TensorPrimitives.Add(mean, embedding, mean);
        }
        TensorPrimitives.Divide(mean, images.Length, mean);
    }
}
