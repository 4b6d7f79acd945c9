using Aevlp.ML.Inference;
using Aevlp.ML.Npy;

namespace Aevlp.ML.Teachers;

/// <summary>Everything wrong with a teacher folder, found before the teacher is stored: teacher.json is valid,
/// class_embeddings.npy is float32 [classes, embeddingDim], relation.npy is [C, C] when teacher.json asks for one, and
/// encoder.onnx (behind preprocess.onnx when there is one) loads in ONNX Runtime and turns one batch at inputSize into
/// [batch, embeddingDim] finite values, and no file is there that teacher.json does not use. Each problem names its file.</summary>
public static class TeacherCheck
{
    /// <summary>The batch the encoder is probed with (one for a graph fixed at batch 1).</summary>
    public const int ProbeBatch = 2;

    public static IReadOnlyList<string> Problems(string directory, OnnxExecution execution)
    {
        TeacherMetadata metadata;
        try
        {
            metadata = TeacherMetadata.Read(directory);
        }
        catch (TeacherException error)
        {
            return [error.Message, .. Missing(directory, [TeacherMetadata.EncoderFile, TeacherMetadata.ClassEmbeddingsFile])];
        }
        var problems = Unused(directory, metadata).ToList();
        var embeddings = Path.Combine(directory, TeacherMetadata.ClassEmbeddingsFile);
        Collect(problems, () => ClassEmbeddings.FromRows(ClassEmbeddings.ReadRows(embeddings, metadata), metadata.Classes.Count, metadata.EmbeddingDim, embeddings));
        if (metadata.LabelRelation is not null) Collect(problems, () => CheckRelation(Path.Combine(directory, TeacherMetadata.RelationFile), metadata));
        Collect(problems, () => ProbeEncoder(directory, metadata, execution));
        return problems;
    }

    private static void ProbeEncoder(string directory, TeacherMetadata metadata, OnnxExecution execution)
    {
        using var encoder = OnnxEncoder.Open(directory, metadata, execution);
        var (shape, finite) = encoder.Probe(ProbeBatch);
        long batch = encoder.DynamicBatch ? ProbeBatch : 1;
        var perImage = shape.Skip(1).Where(d => d != 1).ToArray();
        bool fits = shape.Length >= 2 && shape[0] == batch && (perImage is [var d] ? d == metadata.EmbeddingDim : metadata.EmbeddingDim == 1 && perImage.Length == 0);
        var encoderFile = Path.Combine(directory, TeacherMetadata.EncoderFile);
        if (!fits)
            throw new TeacherException(encoderFile, $"a batch of {batch} at {metadata.InputSize} px gave output '{metadata.OutputName}' [{string.Join(", ", shape)}], " +
                $"expected [{batch}, {metadata.EmbeddingDim}] (teacher.json embeddingDim)");
        if (!finite) throw new TeacherException(encoderFile, $"a batch of mean-coloured images (all zeros after normalisation) gave NaN or infinite embeddings in '{metadata.OutputName}'");
    }

    private static void CheckRelation(string path, TeacherMetadata metadata)
    {
        if (!File.Exists(path)) throw new TeacherException(path, "file not found (teacher.json sets labelRelation)");
        int classes = metadata.Classes.Count;
        try
        {
            var relation = NpyFile.Read(path);
            if (relation.Shape.Count != 2 || relation.Shape[0] != classes || relation.Shape[1] != classes)
                throw new TeacherException(path, $"has shape ({string.Join(", ", relation.Shape)}), expected [{classes}, {classes}] (one row and column per class)");
            LabelRelationRefinement.Adjacency(Array.ConvertAll(relation.ToDoubles(), v => (float)v), classes, RelationGraph.Released);
        }
        catch (Exception error) when (error is NpyFormatException or ArgumentException or InvalidCastException)
        {
            throw new TeacherException(path, error is NpyFormatException npy ? npy.Problem : error.Message, error);
        }
    }

    private static void Collect(List<string> problems, Action check)
    {
        try
        {
            check();
        }
        catch (TeacherException error)
        {
            problems.Add(error.Message);
        }
    }

    // A file teacher.json does not ask for would be stored and never read.
    private static IEnumerable<string> Unused(string directory, TeacherMetadata metadata) =>
        Directory.EnumerateFiles(directory).Select(Path.GetFileName).Where(file => !metadata.Files.Contains(file!)).Order(StringComparer.Ordinal)
            .Select(file => $"{Path.Combine(directory, file!)}: teacher.json does not use it (" + (file switch
            {
                TeacherMetadata.RelationFile => "set \"labelRelation\": {\"seed\": N} to refine the class embeddings with it",
                TeacherMetadata.PreprocessorFile => "set \"preprocessor\" to run it before the encoder",
                _ => $"a teacher holds {string.Join(", ", TeacherMetadata.AllFiles)}",
            }) + "); leave it out or use it");

    private static IEnumerable<string> Missing(string directory, IEnumerable<string> files) =>
        files.Where(file => !File.Exists(Path.Combine(directory, file))).Select(file => $"{Path.Combine(directory, file)}: file not found");
}
