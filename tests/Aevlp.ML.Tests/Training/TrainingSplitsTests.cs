using Aevlp.ML.Data;
using Aevlp.ML.Training;

namespace Aevlp.ML.Tests.Training;

/// <summary>The data keys: the split, the released code's subsampling, and which labels train and val use.</summary>
public class TrainingSplitsTests
{
    private static readonly RunConfig Config = RunConfig.Defaults("synthetic", classes: 3);

    /// <summary>100 images of 3 classes; image i is positive for class i % 3 and, when i is even, for class (i + 1) % 3 too;
    /// its observed positive is class i % 3.</summary>
    private static SpmlSplit Official()
    {
        int n = 100, c = 3;
        var labels = new float[n * c];
        var observed = new float[n * c];
        for (int i = 0; i < n; i++)
        {
            labels[i * c + i % c] = observed[i * c + i % c] = 1;
            if (i % 2 == 0) labels[i * c + (i + 1) % c] = 1;
        }
        return new SpmlSplit("/images", [.. Enumerable.Range(0, n).Select(i => $"{i}.png")], new LabelMatrix(n, c, labels), new LabelMatrix(n, c, observed));
    }

    [Fact]
    public void Without_subsampling_the_split_covers_the_official_train_set_once()
    {
        var splits = TrainingSplits.Of(Official(), Config);

        Assert.Equal((80, 20), (splits.Train.Count, splits.Val.Count));
        Assert.Equal(100, splits.Train.ImagePaths.Concat(splits.Val.ImagePaths).Distinct().Count());
        Assert.Equal(splits.TrainRows.Select(i => $"{i}.png"), splits.Train.ImagePaths);
    }

    [Fact]
    public void Subsampling_keeps_the_rounded_share_of_each_side_drawn_by_ss_seed()
    {
        var full = TrainingSplits.Of(Official(), Config);
        var half = TrainingSplits.Of(Official(), Config with { SubsampleTrain = 0.5, SubsampleVal = 0.25 });
        var again = TrainingSplits.Of(Official(), Config with { SubsampleTrain = 0.5, SubsampleVal = 0.25 });
        var otherSeed = TrainingSplits.Of(Official(), Config with { SubsampleTrain = 0.5, SubsampleVal = 0.25, SubsampleSeed = 1 });

        Assert.Equal((40, 5), (half.Train.Count, half.Val.Count));
        Assert.Subset(full.Train.ImagePaths.ToHashSet(), half.Train.ImagePaths.ToHashSet());
        Assert.Subset(full.Val.ImagePaths.ToHashSet(), half.Val.ImagePaths.ToHashSet());
        Assert.Equal(half.TrainRows, again.TrainRows);
        Assert.NotEqual(half.TrainRows, otherSeed.TrainRows);
        Assert.Equal(half.TrainRows.Order(), half.TrainRows);
    }

    [Fact]
    public void Clean_train_labels_train_on_every_true_label_and_observed_val_labels_score_the_single_positive()
    {
        var observed = TrainingSplits.Of(Official(), Config);
        var variants = TrainingSplits.Of(Official(), Config with { TrainLabels = LabelVariant.Clean, ValLabels = LabelVariant.Observed });

        Assert.Equal(observed.Train.ImagePaths, variants.Train.ImagePaths);
        Assert.NotEqual(observed.Train.ObservedLabels.Values, variants.Train.ObservedLabels.Values);
        Assert.Equal(observed.Train.Labels.Values, variants.Train.ObservedLabels.Values);
        Assert.Equal(observed.Val.ObservedLabels.Values, variants.Val.Labels.Values);
    }
}
