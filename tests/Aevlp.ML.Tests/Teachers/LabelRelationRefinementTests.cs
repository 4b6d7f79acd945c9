using Aevlp.ML.Npy;
using Aevlp.ML.Teachers;

namespace Aevlp.ML.Tests.Teachers;

public sealed class LabelRelationRefinementTests
{
    private static string Relation(string name) =>
        Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "configs", "reference", "relation", $"relation_{name}.npy");

    [Fact]
    public void Matches_a_hand_computed_two_class_gcn()
    {
        // A = [[1, 1], [1, 1]]: row sums 2, Â = all 0.5, so Â·H averages the two rows. With D = 1 and every
        // W = [2]: layer 1 → mean(T)·2 = 3 (T = 1, 2), layer 2 → 6, layer 3 → 12 (no LeakyReLU on positives).
        float[] embeddings = [1f, 2f];
        float[][] weights = [[2f], [2f], [2f]];

        var refined = LabelRelationRefinement.Refine(embeddings, 2, 1, [1f, 1f, 1f, 1f], weights);

        Assert.Equal(13f, refined[0], 5);
        Assert.Equal(14f, refined[1], 5);
    }

    [Fact]
    public void Negative_hidden_values_are_scaled_by_the_leaky_slope_between_layers_only()
    {
        // A = I (each class alone), D = 1, W = [−1]: layer 1 → −1 → leaky −0.2; layer 2 → 0.2; layer 3 → −0.2.
        var refined = LabelRelationRefinement.Refine([1f], 1, 1, [1f], [[-1f], [-1f], [-1f]]);
        Assert.Equal(1f - 0.2f, refined[0], 6);
    }

    [Fact]
    public void The_released_voc_relation_mixes_classes_and_the_seed_fixes_the_result()
    {
        var relation = NpyFile.Read(Relation("voc")).As<float>();
        int classes = 20, dimension = 16;
        var embeddings = Enumerable.Range(0, classes * dimension).Select(i => MathF.Sin(i)).ToArray();

        var first = LabelRelationRefinement.Refine(embeddings, classes, dimension, relation, seed: 1);
        var again = LabelRelationRefinement.Refine(embeddings, classes, dimension, relation, seed: 1);
        var other = LabelRelationRefinement.Refine(embeddings, classes, dimension, relation, seed: 2);
        var changedOne = (float[])embeddings.Clone();
        changedOne[dimension * 5] += 1f;
        var mixed = LabelRelationRefinement.Refine(changedOne, classes, dimension, relation, seed: 1);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.NotEqual(first[..dimension], mixed[..dimension]); // class 0 sees class 5 through the relations
        Assert.All(first, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void Identity_relations_keep_classes_independent()
    {
        int classes = 3, dimension = 4;
        var identity = new float[] { 1, 0, 0, 0, 1, 0, 0, 0, 1 };
        var embeddings = Enumerable.Range(0, 12).Select(i => (float)i).ToArray();
        var changed = (float[])embeddings.Clone();
        changed[8] = -3f;

        var a = LabelRelationRefinement.Refine(embeddings, classes, dimension, identity, seed: 5);
        var b = LabelRelationRefinement.Refine(changed, classes, dimension, identity, seed: 5);

        Assert.Equal(a[..8], b[..8]);
        Assert.NotEqual(a[8..], b[8..]);
    }

    [Fact]
    public void Bad_shapes_and_isolated_classes_are_refused()
    {
        Assert.Contains("[2, 2] relation matrix", Assert.Throws<ArgumentException>(() =>
            LabelRelationRefinement.Refine([1f, 2f], 2, 1, [1f], seed: 0)).Message);
        Assert.Contains("row 1 of the relation matrix sums to 0", Assert.Throws<ArgumentException>(() =>
            LabelRelationRefinement.Refine([1f, 2f], 2, 1, [1f, 0f, 0f, 0f], seed: 0)).Message);
    }
}
