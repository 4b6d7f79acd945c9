using Aevlp.ML.Npy;
using SixLabors.ImageSharp;

namespace Aevlp.ML.Data;

/// <summary>
/// Writes a generated dataset in the SPML folder format: PNGs under <c>images/</c>, the six
/// <c>formatted_*</c> files, extra .npy files and the manifest. The folder must be new or empty, so the
/// manifest's hashes describe exactly what this writer produced.
/// </summary>
internal sealed class SpmlFolderWriter
{
    public const string ImagesFolder = "images";

    private readonly string directory;

    public SpmlFolderWriter(string directory)
    {
        if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
            throw new IOException($"{directory}: output folder is not empty; generate into a new folder");
        this.directory = directory;
        Directory.CreateDirectory(ImagesRoot);
    }

    public string ImagesRoot => Path.Combine(directory, ImagesFolder);

    /// <returns>The path relative to the images root, as stored in <c>formatted_*_images.npy</c>.</returns>
    public string SavePng(Image image, string folder, int index)
    {
        string relative = $"{folder}/{index:D6}.png";
        string path = Path.Combine(ImagesRoot, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        image.SaveAsPng(path);
        return relative;
    }

    public void WriteSplit(string officialSplit, IReadOnlyList<string> paths, LabelMatrix labels, LabelMatrix observed)
    {
        WriteNpy(SpmlFiles.Images(officialSplit), NpyArray.OfStrings([.. paths]));
        WriteNpy(SpmlFiles.Labels(officialSplit), NpyArray.Of(labels.Values, labels.Rows, labels.Classes));
        WriteNpy(SpmlFiles.ObservedLabels(officialSplit), NpyArray.Of(observed.Values, observed.Rows, observed.Classes));
    }

    public void WriteNpy(string fileName, NpyArray array) => NpyFile.Write(Path.Combine(directory, fileName), array);

    public DatasetManifest WriteManifest(string name, IReadOnlyList<string> classes, int seed, object options, IReadOnlyDictionary<string, int> counts)
    {
        var manifest = new DatasetManifest(name, classes, seed, options, counts, DatasetManifest.HashFiles(directory));
        manifest.Write(directory);
        return manifest;
    }
}
