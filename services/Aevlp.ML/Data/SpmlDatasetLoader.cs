namespace Aevlp.ML.Data;

/// <summary>Loads and validates an SPML dataset folder (spec §1).</summary>
public static class SpmlDatasetLoader
{
    /// <summary>
    /// Reads the six <c>formatted_{train,val}_*.npy</c> files from <paramref name="directory"/> and checks everything
    /// before returning: shapes, label values, rows without a positive, observed positives that are not true
    /// positives and (optionally) that each image file exists under <paramref name="imagesRoot"/>.
    /// </summary>
    /// <exception cref="DatasetValidationException">Carries every problem found, each with file and row.</exception>
    public static SpmlDataset Load(string directory, string imagesRoot, bool checkImageFiles = true)
    {
        var problems = new List<DatasetProblem>();
        var train = new SpmlSplitReader(directory, imagesRoot, SpmlFiles.OfficialTrain, problems)
            .Read(requireObservedPositive: true, checkImageFiles);
        var test = new SpmlSplitReader(directory, imagesRoot, SpmlFiles.OfficialVal, problems)
            .Read(requireObservedPositive: false, checkImageFiles);
        if (train is not null && test is not null && train.Classes != test.Classes)
            problems.Add(new(Path.Combine(directory, SpmlFiles.Labels(SpmlFiles.OfficialVal)), null,
                $"has {test.Classes} classes, expected {train.Classes} like {SpmlFiles.Labels(SpmlFiles.OfficialTrain)}"));
        if (problems.Count > 0 || train is null || test is null)
            throw new DatasetValidationException(directory, problems);
        return new SpmlDataset(directory, train, test);
    }
}
