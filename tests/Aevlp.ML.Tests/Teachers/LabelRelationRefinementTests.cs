using Aevlp.ML.Npy;
using Aevlp.ML.Teachers;

namespace Aevlp.ML.Tests.Teachers;

public sealed class LabelRelationRefinementTests
{
    private static string Relation(string name) =>
        Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "configs", "reference", "relation", $"relation_{name}.npy");

    [Fact]
    public void The_adjacency_keeps_each_rows_strongest_relations_and_gives_the_others_weight_p()
    {
        // Row 0 keeps itself and class 1 (its top 2); without the diagonal that is class 1 alone, scaled to p = 0.2, and
        // the diagonal gets 1 − p. Row 2's strongest other class is 0.
        float[] relation = [1f, 0.5f, 0.2f, 0.5f, 1f, 0.1f, 0.2f, 0.1f, 1f];

        var adjacency = LabelRelationRefinement.Adjacency(relation, 3, new RelationGraph(TopK: 2, Reweight: 0.2));

        Assert.Equal([0.8f, 0.2f, 0f, 0.2f, 0.8f, 0f, 0.2f, 0f, 0.8f], adjacency);
    }

    [Fact]
    public void Keeping_every_relation_spreads_p_in_proportion_and_a_class_without_relations_keeps_itself()
    {
        float[] relation = [1f, 3f, 1f, 1f, 1f, 0f, 1f, 0f, 1f];

        var adjacency = LabelRelationRefinement.Adjacency(relation, 3, new RelationGraph(TopK: null, Reweight: 0.4));
        var identity = LabelRelationRefinement.Adjacency([1f, 0f, 0f, 1f], 2, RelationGraph.Released);

        Assert.Equal(0.6f, adjacency[0], 6);
        Assert.Equal(0.3f, adjacency[1], 6);
        Assert.Equal(0.1f, adjacency[2], 6);
        Assert.Equal([1f, 0f, 0f, 1f], identity);
    }

    /// <summary>The released code's get_relation, run by PyTorch on the released VOC relations, as an independent oracle.</summary>
    [PythonTorchFact]
    public void The_adjacency_matches_the_released_get_relation_in_pytorch()
    {
        using var folder = new TempDirectory();
        var expected = folder.Sub("adjacency.npy");
        PythonScripts.Run($$"""
            import numpy, torch
            relation = torch.Tensor(numpy.load("{{Relation("voc")}}"))
            _, top = torch.topk(relation, 6)
            mask = torch.ones_like(relation).type(torch.bool)
            for i, idx in enumerate(top):
                mask[i][idx] = 0
            relation[mask] = 0
            diagonal = torch.eye(20).type(torch.bool)
            relation[diagonal] = 0
            relation = relation / torch.sum(relation, dim=1).reshape(-1, 1) * 0.2
            relation[diagonal] = 1 - 0.2
            numpy.save("{{expected}}", relation.numpy())
            """);

        var actual = LabelRelationRefinement.Adjacency(NpyFile.Read(Relation("voc")).As<float>(), 20, new RelationGraph(6, 0.2));

        var reference = NpyFile.Read(expected).As<float>();
        Assert.InRange(reference.Zip(actual, (e, a) => Math.Abs(e - a)).Max(), 0, 1e-6);
    }

    [Fact]
    public void Matches_a_hand_computed_two_class_gcn()
    {
        // Â = all 0.5, so Â·H averages the two rows. With D = H = 1 and every W = [2]: layer 1 → mean(T)·2 = 3 (T = 1, 2),
        // layer 2 → 6, layer 3 → 12 (no LeakyReLU on positives), plus T.
        float[] embeddings = [1f, 2f];
        float[][] weights = [[2f], [2f], [2f]];

        var refined = LabelRelationRefinement.Refine(embeddings, 2, 1, [0.5f, 0.5f, 0.5f, 0.5f], weights);

        Assert.Equal(13f, refined[0], 5);
        Assert.Equal(14f, refined[1], 5);
    }

    [Fact]
    public void Negative_hidden_values_are_scaled_by_the_leaky_slope_between_layers_only()
    {
        // Â = I, D = H = 1, W = [−1]: layer 1 → −1 → leaky −0.2; layer 2 → 0.2; layer 3 → −0.2.
        var refined = LabelRelationRefinement.Refine([1f], 1, 1, [1f], [[-1f], [-1f], [-1f]]);
        Assert.Equal(1f - 0.2f, refined[0], 6);
    }

    [Fact]
    public void The_layers_are_as_wide_as_the_released_gcn()
    {
        var weights = LabelRelationRefinement.RandomWeights(dimension: 6, seed: 1);

        Assert.Equal([6 * 1024, 1024 * 1024, 1024 * 6], weights.Select(w => w.Length));
        Assert.All(weights[0], w => Assert.InRange(w, -1 / 32f, 1 / 32f));
        Assert.All(weights[2], w => Assert.InRange(w, -1 / MathF.Sqrt(6), 1 / MathF.Sqrt(6)));
    }

    [Fact]
    public void The_released_voc_relation_mixes_classes_and_the_seed_fixes_the_result()
    {
        var relation = NpyFile.Read(Relation("voc")).As<float>();
        int classes = 20, dimension = 16;
        var embeddings = Enumerable.Range(0, classes * dimension).Select(i => MathF.Sin(i)).ToArray();
        var graph = new RelationGraph(TopK: 20, Reweight: 0.2);

        var first = LabelRelationRefinement.Refine(embeddings, classes, dimension, relation, graph, seed: 1);
        var again = LabelRelationRefinement.Refine(embeddings, classes, dimension, relation, graph, seed: 1);
        var other = LabelRelationRefinement.Refine(embeddings, classes, dimension, relation, graph, seed: 2);
        var reweighted = LabelRelationRefinement.Refine(embeddings, classes, dimension, relation, graph with { Reweight = 0.5 }, seed: 1);
        var changedOne = (float[])embeddings.Clone();
        changedOne[dimension * 5] += 1f;
        var mixed = LabelRelationRefinement.Refine(changedOne, classes, dimension, relation, graph, seed: 1);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.NotEqual(first, reweighted);
        Assert.NotEqual(first[..dimension], mixed[..dimension]); // class 0 sees class 5 through the relations
        Assert.All(first, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void Bad_shapes_values_and_settings_are_refused()
    {
        Assert.Contains("[2, 2] relation matrix", Assert.Throws<ArgumentException>(() =>
            LabelRelationRefinement.Adjacency([1f], 2, RelationGraph.Released)).Message);
        Assert.Contains("non-negative", Assert.Throws<ArgumentException>(() =>
            LabelRelationRefinement.Adjacency([1f, -1f, 0f, 1f], 2, RelationGraph.Released)).Message);
        Assert.Contains("sparse_topk: got 3; expected 1 to 2", Assert.Throws<ArgumentException>(() =>
            LabelRelationRefinement.Adjacency([1f, 0f, 0f, 1f], 2, new RelationGraph(3, 0.2))).Message);
    }
}
