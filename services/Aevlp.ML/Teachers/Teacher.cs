using Aevlp.ML.Inference;
using Aevlp.ML.Npy;

namespace Aevlp.ML.Teachers;

/// <summary>
/// A frozen teacher loaded from its folder (teacher.json, encoder.onnx, class_embeddings.npy, and optionally
/// preprocess.onnx and relation.npy): image encoder plus class embeddings, every file checked against the others at load.
/// </summary>
public sealed class Teacher : IDisposable
{
    private Teacher(TeacherMetadata metadata, OnnxEncoder encoder, ClassEmbeddings classEmbeddings) =>
        (Metadata, Encoder, ClassEmbeddings) = (metadata, encoder, classEmbeddings);

    public TeacherMetadata Metadata { get; }

    public OnnxEncoder Encoder { get; }

    public ClassEmbeddings ClassEmbeddings { get; }

    public int Classes => ClassEmbeddings.Classes;

    /// <param name="relationGraph">How relation.npy refines the class embeddings when teacher.json asks for it (config
    /// <c>sparse_topk</c>, <c>reweight_p</c>).</param>
    /// <exception cref="TeacherException">Names the file at fault and what was expected.</exception>
    public static Teacher Load(string directory, OnnxExecution execution, RelationGraph? relationGraph = null)
    {
        var metadata = TeacherMetadata.Read(directory);
        var embeddingsPath = Path.Combine(directory, TeacherMetadata.ClassEmbeddingsFile);
        var rows = ClassEmbeddings.ReadRows(embeddingsPath, metadata);
        if (metadata.LabelRelation is { } relation)
            rows = Refine(rows, metadata, Path.Combine(directory, TeacherMetadata.RelationFile), relation.Seed,
                relationGraph ?? RelationGraph.Released);
        var embeddings = ClassEmbeddings.FromRows(rows, metadata.Classes.Count, metadata.EmbeddingDim, embeddingsPath);
        return new Teacher(metadata, OnnxEncoder.Open(directory, metadata, execution), embeddings);
    }

    private static float[] Refine(float[] rows, TeacherMetadata metadata, string relationPath, int seed, RelationGraph graph)
    {
        int classes = metadata.Classes.Count;
        if (!File.Exists(relationPath)) throw new TeacherException(relationPath, "file not found (teacher.json sets labelRelation)");
        try
        {
            var relation = NpyFile.Read(relationPath);
            if (relation.Shape.Count != 2 || relation.Shape[0] != classes || relation.Shape[1] != classes)
                throw new TeacherException(relationPath, $"has shape ({string.Join(", ", relation.Shape)}), expected [{classes}, {classes}] (one row and column per class)");
            var values = Array.ConvertAll(relation.ToDoubles(), v => (float)v);
            return LabelRelationRefinement.Refine(rows, classes, metadata.EmbeddingDim, values, graph, seed);
        }
        catch (Exception error) when (error is NpyFormatException or ArgumentException or InvalidCastException)
        {
            throw new TeacherException(relationPath, error is NpyFormatException npy ? npy.Problem : error.Message, error);
        }
    }

    public void Dispose() => Encoder.Dispose();
}
