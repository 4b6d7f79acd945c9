namespace Aevlp.ML.Data;

/// <summary>
/// An SPML dataset folder as loaded (spec §1). <see cref="Test"/> comes from the official
/// <c>formatted_val_*</c> files: the official val set is the test set.
/// </summary>
public sealed record SpmlDataset(string Directory, SpmlSplit OfficialTrain, SpmlSplit Test)
{
    public int Classes => OfficialTrain.Classes;

    /// <summary>Splits the official train set into train and validation (spec §1: val_frac 0.2, split_seed 1200).</summary>
    public (SpmlSplit Train, SpmlSplit Val) SplitTrainVal(double valFraction, int splitSeed)
    {
        var (train, val) = TrainValSplit.Indices(OfficialTrain.Count, valFraction, splitSeed);
        return (OfficialTrain.SelectRows(train), OfficialTrain.SelectRows(val));
    }
}
