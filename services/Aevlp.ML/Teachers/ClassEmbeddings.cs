using System.Numerics.Tensors;
using Aevlp.ML.Npy;

namespace Aevlp.ML.Teachers;

/// <summary>The teacher's class embeddings t_c, stored L2-normalised so a logit is one dot product (method §4).</summary>
public sealed class ClassEmbeddings
{
    private readonly float[] unit;

    private ClassEmbeddings(float[] unit, int classes, int dimension) => (this.unit, Classes, Dimension) = (unit, classes, dimension);

    public int Classes { get; }

    public int Dimension { get; }

    /// <summary>Rows scaled to unit length; a zero row has no direction and is refused.</summary>
    public static ClassEmbeddings FromRows(float[] rows, int classes, int dimension, string source)
    {
        if (rows.Length != (long)classes * dimension)
            throw new TeacherException(source, $"holds {rows.Length} values, expected [{classes}, {dimension}]");
        var unit = new float[rows.Length];
        for (int c = 0; c < classes; c++)
        {
            var row = rows.AsSpan(c * dimension, dimension);
            float norm = TensorPrimitives.Norm(row);
            if (!(norm > 0) || !float.IsFinite(norm))
                throw new TeacherException(source, $"row {c} has norm {norm}; expected a finite non-zero embedding per class");
            TensorPrimitives.Divide(row, norm, unit.AsSpan(c * dimension, dimension));
        }
        return new ClassEmbeddings(unit, classes, dimension);
    }

    /// <summary>The raw rows of <c>class_embeddings.npy</c>, [C, D] float32.</summary>
    /// <exception cref="TeacherException">Missing file, not float32 [C, D], or C and D disagree with teacher.json.</exception>
    public static float[] ReadRows(string path, TeacherMetadata metadata)
    {
        if (!File.Exists(path)) throw new TeacherException(path, "file not found");
        NpyArray array;
        try
        {
            array = NpyFile.Read(path);
        }
        catch (NpyFormatException error)
        {
            throw new TeacherException(path, error.Problem, error);
        }
        if (array.Shape.Count != 2 || array.DType.Kind != NpyElementKind.Float32)
            throw new TeacherException(path, $"is {array.DType.Descr} ({string.Join(", ", array.Shape)}), expected float32 [classes, embeddingDim]");
        var (classes, dimension) = (array.Shape[0], array.Shape[1]);
        if (classes != metadata.Classes.Count)
            throw new TeacherException(path, $"has {classes} rows, expected {metadata.Classes.Count} (one per class in teacher.json)");
        if (dimension != metadata.EmbeddingDim)
            throw new TeacherException(path, $"has embedding size {dimension}, expected teacher.json embeddingDim {metadata.EmbeddingDim}");
        return array.As<float>();
    }

    /// <summary>logits[c] = h·t_c / (‖h‖‖t_c‖). A zero embedding (e.g. an all-black tile through ReLU) scores 0 everywhere.</summary>
    public void CosineLogits(ReadOnlySpan<float> embedding, Span<float> logits)
    {
        float norm = TensorPrimitives.Norm(embedding);
        float scale = norm > 0 ? 1f / norm : 0f;
        for (int c = 0; c < Classes; c++)
            logits[c] = scale * TensorPrimitives.Dot(embedding, unit.AsSpan(c * Dimension, Dimension));
    }
}
