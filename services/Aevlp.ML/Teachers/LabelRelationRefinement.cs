using System.Numerics.Tensors;

namespace Aevlp.ML.Teachers;

/// <summary>How the label-relation matrix becomes the GCN's adjacency (config <c>sparse_topk</c>, <c>reweight_p</c>).</summary>
/// <param name="TopK">Each class keeps its TopK strongest relations (itself included, as the released code's topk);
/// null keeps all.</param>
/// <param name="Reweight">The other classes share this weight; the class itself keeps 1 − Reweight.</param>
public sealed record RelationGraph(int? TopK, double Reweight)
{
    /// <summary>The released configs' values: every relation kept, p = 0.2.</summary>
    public static RelationGraph Released { get; } = new(null, 0.2);
}

/// <summary>
/// The released code's refinement of class embeddings (method §4): a frozen, randomly initialised 3-layer GCN over the
/// label-relation matrix, added to the embeddings T: <c>T' = T + Â·σ(Â·σ(Â·T·W₁)·W₂)·W₃</c>, σ = LeakyReLU(0.2),
/// W₁ [D, 1024], W₂ [1024, 1024], W₃ [1024, D], each uniform in ±1/√(its output width) (the released GraphConvolution's
/// init) drawn from one seed, so every replica builds the same teacher. Â is the released <c>get_relation</c>: keep each
/// row's TopK strongest relations, zero the diagonal, scale each row to sum to p and put 1 − p on the diagonal. A class
/// with no relation left keeps only itself (the released code would divide by zero).
/// </summary>
public static class LabelRelationRefinement
{
    public const int Layers = 3;
    public const int HiddenWidth = 1024;
    private const float LeakySlope = 0.2f;

    /// <param name="embeddings">[C, D] row-major.</param>
    /// <param name="relation">[C, C] non-negative label relations (configs/reference/relation/*.npy).</param>
    public static float[] Refine(float[] embeddings, int classes, int dimension, float[] relation, RelationGraph graph, int seed) =>
        Refine(embeddings, classes, dimension, Adjacency(relation, classes, graph), RandomWeights(dimension, seed));

    /// <param name="adjacency">Â, [C, C] row-major.</param>
    /// <param name="weights">W₁ [D, H], W₂ [H, H], W₃ [H, D], row-major, H = <see cref="HiddenWidth"/>.</param>
    public static float[] Refine(float[] embeddings, int classes, int dimension, float[] adjacency, IReadOnlyList<float[]> weights)
    {
        if (embeddings.Length != (long)classes * dimension)
            throw new ArgumentException($"expected [{classes}, {dimension}] embeddings, got {embeddings.Length} values", nameof(embeddings));
        var hidden = embeddings;
        int width = dimension;
        for (int layer = 0; layer < Layers; layer++)
        {
            int next = weights[layer].Length / width;
            hidden = Multiply(adjacency, Multiply(hidden, weights[layer], classes, width, next), classes, classes, next);
            if (layer < Layers - 1) LeakyRelu(hidden);
            width = next;
        }
        TensorPrimitives.Add(embeddings, hidden, hidden);
        return hidden;
    }

    /// <summary>Â from the relation matrix, as the released <c>get_relation</c>.</summary>
    /// <exception cref="ArgumentException">Not [C, C], a negative or non-finite relation, or a setting out of range.</exception>
    public static float[] Adjacency(float[] relation, int classes, RelationGraph graph)
    {
        Validate(relation, classes, graph);
        int keep = graph.TopK ?? classes;
        var adjacency = new float[relation.Length];
        for (int i = 0; i < classes; i++)
        {
            var row = relation.AsSpan(i * classes, classes);
            var target = adjacency.AsSpan(i * classes, classes);
            foreach (int j in Strongest(row, keep)) target[j] = row[j];
            target[i] = 0;
            float others = TensorPrimitives.Sum<float>(target);
            if (others > 0) TensorPrimitives.Multiply(target, (float)graph.Reweight / others, target);
            target[i] = others > 0 ? 1 - (float)graph.Reweight : 1;
        }
        return adjacency;
    }

    public static float[][] RandomWeights(int dimension, int seed)
    {
        var random = new Random(seed);
        int[] widths = [dimension, HiddenWidth, HiddenWidth, dimension];
        return [.. Enumerable.Range(0, Layers).Select(layer => Uniform(random, widths[layer] * widths[layer + 1], 1f / MathF.Sqrt(widths[layer + 1])))];
    }

    private static float[] Uniform(Random random, int count, float bound)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = (float)(random.NextDouble() * 2 - 1) * bound;
        return values;
    }

    // Indices of the k largest values; ties go to the lower index.
    private static IEnumerable<int> Strongest(ReadOnlySpan<float> row, int k)
    {
        var order = new int[row.Length];
        for (int j = 0; j < order.Length; j++) order[j] = j;
        var values = row.ToArray();
        Array.Sort(order, (a, b) => values[b].CompareTo(values[a]) is var byValue && byValue != 0 ? byValue : a.CompareTo(b));
        return order.Take(k);
    }

    /// <summary>[rows, inner] · [inner, columns], row-major.</summary>
    private static float[] Multiply(float[] left, float[] right, int rows, int inner, int columns)
    {
        var product = new float[rows * columns];
        for (int i = 0; i < rows; i++)
        {
            var target = product.AsSpan(i * columns, columns);
            for (int k = 0; k < inner; k++)
                TensorPrimitives.MultiplyAdd(right.AsSpan(k * columns, columns), left[i * inner + k], target, target);
        }
        return product;
    }

    private static void LeakyRelu(float[] values)
    {
        for (int i = 0; i < values.Length; i++) if (values[i] < 0) values[i] *= LeakySlope;
    }

    private static void Validate(float[] relation, int classes, RelationGraph graph)
    {
        if (relation.Length != (long)classes * classes)
            throw new ArgumentException($"expected a [{classes}, {classes}] relation matrix, got {relation.Length} values", nameof(relation));
        if (relation.Any(r => !(r >= 0) || !float.IsFinite(r)))
            throw new ArgumentException("expected finite non-negative relations", nameof(relation));
        if (graph.TopK is < 1 || graph.TopK > classes)
            throw new ArgumentException($"sparse_topk: got {graph.TopK}; expected 1 to {classes}", nameof(graph));
        if (graph.Reweight is < 0 or > 1)
            throw new ArgumentException($"reweight_p: got {graph.Reweight}; expected a number in [0, 1]", nameof(graph));
    }
}
