using Aevlp.ML.Data;

namespace Aevlp.ML.Tests.Data;

public class SamplingTests
{
    [Fact]
    public void Train_val_split_is_sorted_disjoint_complete_and_seeded()
    {
        var (train, val) = TrainValSplit.Indices(101, 0.2, 1200);
        Assert.Equal(81, train.Length);
        Assert.Equal(20, val.Length);
        Assert.Equal(Enumerable.Range(0, 101), train.Concat(val).Order());
        Assert.Equal(train.Order(), train);
        Assert.Equal(val, TrainValSplit.Indices(101, 0.2, 1200).Val);
        Assert.NotEqual(val, TrainValSplit.Indices(101, 0.2, 1201).Val);
    }

    [Fact]
    public void Val_count_rounds_half_to_even_like_numpy()
    {
        Assert.Equal(2, TrainValSplit.Indices(10, 0.25, 1).Val.Length);  // 2.5 → 2
        Assert.Equal(4, TrainValSplit.Indices(14, 0.25, 1).Val.Length);  // 3.5 → 4
    }

    [Fact]
    public void Single_positive_is_one_of_the_row_positives_drawn_uniformly()
    {
        const int rows = 6000;
        var positives = Enumerable.Range(0, rows).Select(_ => (IReadOnlyCollection<int>)[1, 4, 7]).ToList();
        var labels = LabelMatrix.FromPositives(positives, 8);

        var observed = SinglePositiveSampler.Sample(labels, 1200);

        var chosen = new int[8];
        for (int row = 0; row < rows; row++)
        {
            var values = observed.Row(row);
            Assert.Equal(1f, values.ToArray().Sum());
            chosen[values.IndexOf(1f)]++;
        }
        Assert.Equal(rows, chosen[1] + chosen[4] + chosen[7]);
        Assert.All(new[] { chosen[1], chosen[4], chosen[7] }, n => Assert.InRange(n, 1800, 2200));
        Assert.Equal(observed.Values, SinglePositiveSampler.Sample(labels, 1200).Values);
        Assert.NotEqual(observed.Values, SinglePositiveSampler.Sample(labels, 1201).Values);
    }

    [Fact]
    public void Single_positive_rejects_a_row_without_positives_naming_it()
    {
        var labels = new LabelMatrix(2, 3, [0, 1, 0, 0, 0, 0]);
        var error = Assert.Throws<ArgumentException>(() => SinglePositiveSampler.Sample(labels, 1));
        Assert.StartsWith("row 1 has no positive label", error.Message);
    }
}
