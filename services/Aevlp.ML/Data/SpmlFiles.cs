namespace Aevlp.ML.Data;

/// <summary>File names of the SPML folder format (spec §1) for an official split, "train" or "val".</summary>
public static class SpmlFiles
{
    public const string OfficialTrain = "train";

    /// <summary>The official val split, used as the test set.</summary>
    public const string OfficialVal = "val";

    public static string Images(string split) => $"formatted_{split}_images.npy";

    public static string Labels(string split) => $"formatted_{split}_labels.npy";

    public static string ObservedLabels(string split) => $"formatted_{split}_labels_obs.npy";
}
