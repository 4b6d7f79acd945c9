using Aevlp.Configuration;
using Aevlp.ML.Data;

namespace Aevlp.ML.Training;

/// <summary>The train and val splits a run uses (spec §1): the official train set split by <c>val_frac</c> and
/// <c>split_seed</c>, each side subsampled by <c>ss_frac_train</c> / <c>ss_frac_val</c> with <c>ss_seed</c>, and the label
/// variants applied: <c>train_set_variant</c> clean trains on every true label, <c>val_set_variant</c> observed measures
/// val mAP against the single observed positives.</summary>
/// <param name="TrainRows">The train split's rows in the official train set, the order its teacher logits are stored in.</param>
public sealed record TrainingSplits(SpmlSplit Train, SpmlSplit Val, int[] TrainRows)
{
    public static TrainingSplits Of(SpmlSplit officialTrain, RunConfig config)
    {
        var (train, val) = TrainValSplit.Indices(officialTrain.Count, config.ValFraction, config.SplitSeed);
        var subsample = new Random(config.SubsampleSeed);
        train = TrainValSplit.Subsample(train, config.SubsampleTrain, subsample);
        val = TrainValSplit.Subsample(val, config.SubsampleVal, subsample);
        var trainSplit = officialTrain.SelectRows(train);
        var valSplit = officialTrain.SelectRows(val);
        return new TrainingSplits(
            config.TrainLabels == LabelVariant.Clean ? trainSplit with { ObservedLabels = trainSplit.Labels } : trainSplit,
            config.ValLabels == LabelVariant.Observed ? valSplit with { Labels = valSplit.ObservedLabels } : valSplit,
            train);
    }
}
