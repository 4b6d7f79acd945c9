using Aevlp.Contracts;
using Aevlp.ML.Data;

namespace Aevlp.Cli.Commands;

/// <summary>An SPML folder (spec §1) as a <see cref="DatasetUpload"/>: the six <c>formatted_*</c> files at the top
/// of the version and every image they name under <c>images/</c>, as the trainer and pseudo-labeler read it.
/// Everything is checked first, with Aevlp.ML's loader, and every problem is reported at once.</summary>
public static class SpmlImport
{
    /// <exception cref="DatasetValidationException">Every problem found; nothing has been uploaded.</exception>
    public static DatasetUpload Prepare(string name, string directory, string imagesRoot, FileInfo? classesFile)
    {
        var problems = new List<DatasetProblem>();
        if (DatasetNames.NameProblem(name) is { } nameProblem) problems.Add(new("--name", null, nameProblem));
        SpmlDataset? dataset = null;
        try
        {
            dataset = SpmlDatasetLoader.Load(directory, imagesRoot);
        }
        catch (DatasetValidationException e)
        {
            problems.AddRange(e.Problems);
        }
        var classes = classesFile is null ? null : File.ReadAllLines(classesFile.FullName).Where(line => line.Trim().Length > 0).ToArray();
        if (dataset is null) throw new DatasetValidationException(directory, problems);

        if (classes is not null && classes.Length != dataset.Classes)
            problems.Add(new(classesFile!.FullName, null, $"lists {classes.Length} classes, expected {dataset.Classes} like the label files"));
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var split in new[] { SpmlFiles.OfficialTrain, SpmlFiles.OfficialVal })
            foreach (var file in new[] { SpmlFiles.Images(split), SpmlFiles.Labels(split), SpmlFiles.ObservedLabels(split) })
                files[file] = Path.Combine(directory, file);
        foreach (var (split, official) in new[] { (dataset.OfficialTrain, SpmlFiles.OfficialTrain), (dataset.Test, SpmlFiles.OfficialVal) })
        {
            for (int row = 0; row < split.Count; row++)
            {
                var path = $"images/{split.ImagePaths[row]}";
                if (DatasetNames.PathProblem(path) is { } pathProblem) problems.Add(new(Path.Combine(directory, SpmlFiles.Images(official)), row, pathProblem));
                else files[path] = split.FullImagePath(row);
            }
        }
        if (problems.Count > 0) throw new DatasetValidationException(directory, problems);

        var hashes = new SortedDictionary<string, string>(
            files.AsParallel().ToDictionary(file => file.Key, file => DatasetManifest.HashFile(file.Value)), StringComparer.Ordinal);
        var counts = new SortedDictionary<string, int> { ["train"] = dataset.OfficialTrain.Count, ["test"] = dataset.Test.Count };
        var manifest = new DatasetManifest(name, classes ?? [.. Enumerable.Range(0, dataset.Classes).Select(c => $"class-{c}")], Seed: 0,
            new { format = "spml" }, counts, hashes);
        return new DatasetUpload(files, manifest);
    }
}
