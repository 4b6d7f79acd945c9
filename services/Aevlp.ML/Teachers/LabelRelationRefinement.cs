using System.Numerics.Tensors;

namespace Aevlp.ML.Teachers;

/// <summary>
/// The released code's optional refinement of class embeddings (method §4): a frozen, randomly initialised
/// 3-layer GCN over the label-relation matrix A, added to the embeddings T:
/// <c>T' = T + Â·σ(Â·σ(Â·T·W₁)·W₂)·W₃</c> with Â = D^(−½) A D^(−½) (D the row sums of A), σ = LeakyReLU(0.2) and
/// each Wₗ a D×D matrix drawn uniform in ±1/√D (PyTorch's GCN layer init) from one seed, so the same seed gives
/// the same teacher on every machine.
/// </summary>
public static class LabelRelationRefinement
{
    public const int Layers = 3;
    private const float LeakySlope = 0.2f;

    /// <param name="embeddings">[C, D] row-major.</param>
    /// <param name="relation">[C, C] non-negative label relations (configs/reference/relation/*.npy).</param>
    public static float[] Refine(float[] embeddings, int classes, int dimension, float[] relation, int seed) =>
        Refine(embeddings, classes, dimension, relation, RandomWeights(dimension, seed));

    /// <param name="weights"><see cref="Layers"/> matrices, each [D, D] row-major.</param>
    public static float[] Refine(float[] embeddings, int classes, int dimension, float[] relation, IReadOnlyList<float[]> weights)
    {
        Validate(embeddings, classes, dimension, relation, weights);
        var adjacency = NormalizedAdjacency(relation, classes);
        var hidden = embeddings;
        for (int layer = 0; layer < Layers; layer++)
        {
            hidden = Multiply(Multiply(adjacency, hidden, classes, classes, dimension), weights[layer], classes, dimension, dimension);
            if (layer < Layers - 1) LeakyRelu(hidden);
        }
        TensorPrimitives.Add(embeddings, hidden, hidden);
        return hidden;
    }

    public static float[][] RandomWeights(int dimension, int seed)
    {
        var random = new Random(seed);
        float bound = 1f / MathF.Sqrt(dimension);
        return Enumerable.Range(0, Layers)
            .Select(_ => Enumerable.Range(0, dimension * dimension).Select(_ => (float)(random.NextDouble() * 2 - 1) * bound).ToArray())
            .ToArray();
    }

    private static float[] NormalizedAdjacency(float[] relation, int classes)
    {
        var inverseRoot = new float[classes];
        for (int i = 0; i < classes; i++) inverseRoot[i] = 1f / MathF.Sqrt(TensorPrimitives.Sum(relation.AsSpan(i * classes, classes)));
        var normalized = new float[relation.Length];
        for (int i = 0; i < classes; i++)
        for (int j = 0; j < classes; j++)
            normalized[i * classes + j] = inverseRoot[i] * relation[i * classes + j] * inverseRoot[j];
        return normalized;
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

    private static void Validate(float[] embeddings, int classes, int dimension, float[] relation, IReadOnlyList<float[]> weights)
    {
        if (embeddings.Length != (long)classes * dimension)
            throw new ArgumentException($"expected [{classes}, {dimension}] embeddings, got {embeddings.Length} values", nameof(embeddings));
        if (relation.Length != (long)classes * classes)
            throw new ArgumentException($"expected a [{classes}, {classes}] relation matrix, got {relation.Length} values", nameof(relation));
        if (relation.Any(r => !(r >= 0) || !float.IsFinite(r)))
            throw new ArgumentException("expected finite non-negative relations", nameof(relation));
        int isolated = Enumerable.Range(0, classes).FirstOrDefault(i => TensorPrimitives.Sum(relation.AsSpan(i * classes, classes)) <= 0, -1);
        if (isolated >= 0)
            throw new ArgumentException($"row {isolated} of the relation matrix sums to 0; every class needs a relation (1 on the diagonal)", nameof(relation));
        if (weights.Count != Layers || weights.Any(w => w.Length != dimension * dimension))
            throw new ArgumentException($"expected {Layers} weight matrices of [{dimension}, {dimension}]", nameof(weights));
    }
}
