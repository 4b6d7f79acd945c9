using Aevlp.ML.Npy;

namespace Aevlp.ML.Data;

/// <summary>Reads one official split's three files, adding every problem to a shared list instead of stopping at the first.</summary>
internal sealed class SpmlSplitReader(string directory, string imagesRoot, string split, List<DatasetProblem> problems)
{
    private readonly string imagesFile = Path.Combine(directory, SpmlFiles.Images(split));
    private readonly string labelsFile = Path.Combine(directory, SpmlFiles.Labels(split));
    private readonly string observedFile = Path.Combine(directory, SpmlFiles.ObservedLabels(split));

    /// <returns>The split, or null when any problem was found (they are in the list).</returns>
    public SpmlSplit? Read(bool requireObservedPositive, bool checkImageFiles)
    {
        var paths = ReadNpy(imagesFile, expectedDimensions: 1, expectStrings: true)?.As<string>();
        var labels = ToMatrix(ReadNpy(labelsFile, expectedDimensions: 2, expectStrings: false));
        var observed = ToMatrix(ReadNpy(observedFile, expectedDimensions: 2, expectStrings: false));
        if (paths is null || labels is null || observed is null || !ShapesAgree(paths.Length, labels, observed))
            return null;

        int before = problems.Count;
        if (paths.Length == 0) Problem(imagesFile, null, "holds no images; expected at least one");
        CheckLabels(labels);
        CheckObserved(observed, labels, requireObservedPositive);
        if (checkImageFiles) CheckImagesExist(paths);
        return problems.Count == before ? new SpmlSplit(imagesRoot, paths, labels, observed) : null;
    }

    private NpyArray? ReadNpy(string file, int expectedDimensions, bool expectStrings)
    {
        if (!File.Exists(file))
            return Problem(file, null, "file not found");
        NpyArray array;
        try
        {
            array = NpyFile.Read(file);
        }
        catch (NpyFormatException error)
        {
            return Problem(file, null, error.Problem);
        }
        if (array.Shape.Count != expectedDimensions)
            return Problem(file, null, $"has shape ({string.Join(", ", array.Shape)}), expected {expectedDimensions} dimension(s)");
        bool isStrings = array.DType.Kind == NpyElementKind.Unicode;
        if (isStrings != expectStrings)
            return Problem(file, null, $"has dtype {array.DType.Descr}, expected {(expectStrings ? "<U strings (image paths)" : "numbers")}");
        return array;
    }

    private static LabelMatrix? ToMatrix(NpyArray? array) => array is null
        ? null
        : new LabelMatrix(array.Shape[0], array.Shape[1], Array.ConvertAll(array.ToDoubles(), v => (float)v));

    private bool ShapesAgree(int images, LabelMatrix labels, LabelMatrix observed)
    {
        int before = problems.Count;
        if (labels.Rows != images)
            Problem(labelsFile, null, $"has {labels.Rows} rows, expected {images} (one per image in {Path.GetFileName(imagesFile)})");
        if (observed.Rows != labels.Rows || observed.Classes != labels.Classes)
            Problem(observedFile, null, $"has shape ({observed.Rows}, {observed.Classes}), expected ({labels.Rows}, {labels.Classes}) like {Path.GetFileName(labelsFile)}");
        return problems.Count == before;
    }

    private void CheckLabels(LabelMatrix labels)
    {
        for (int row = 0; row < labels.Rows; row++)
        {
            var values = labels.Row(row);
            int bad = values.IndexOfAnyExcept(0f, 1f);
            if (bad >= 0) Problem(labelsFile, row, $"class {bad} is {values[bad]}, expected 0 or 1");
            else if (!values.Contains(1f)) Problem(labelsFile, row, "no positive label; SPML needs at least one per image");
        }
    }

    private void CheckObserved(LabelMatrix observed, LabelMatrix labels, bool requirePositive)
    {
        for (int row = 0; row < observed.Rows; row++)
        {
            var values = observed.Row(row);
            int bad = values.IndexOfAnyExcept(-1f, 0f, 1f);
            if (bad >= 0)
            {
                Problem(observedFile, row, $"class {bad} is {values[bad]}, expected -1, 0 or 1");
                continue;
            }
            int positive = values.IndexOf(1f);
            if (positive < 0 && requirePositive)
                Problem(observedFile, row, "no observed positive; training needs one per image");
            for (int c = positive; c >= 0 && c < values.Length; c++)
                if (values[c] == 1f && labels[row, c] != 1f)
                    Problem(observedFile, row, $"class {c} is an observed positive but not a positive in {Path.GetFileName(labelsFile)}");
        }
    }

    private void CheckImagesExist(string[] paths)
    {
        for (int row = 0; row < paths.Length; row++)
            if (!File.Exists(Path.Combine(imagesRoot, paths[row])))
                Problem(imagesFile, row, $"image '{paths[row]}' not found under {imagesRoot}");
    }

    private NpyArray? Problem(string file, int? row, string message)
    {
        problems.Add(new DatasetProblem(file, row, message));
        return null;
    }
}
