namespace Aevlp.ML.Data;

/// <summary>One split of an SPML dataset: image paths (relative to <paramref name="ImagesRoot"/>), full labels Y and observed labels O.</summary>
/// <param name="Labels">Y ∈ {0,1}^{N×C}: every true positive.</param>
/// <param name="ObservedLabels">O ∈ {−1,0,1}^{N×C}: the single positive used for training (1), unknown (0).</param>
public sealed record SpmlSplit(string ImagesRoot, IReadOnlyList<string> ImagePaths, LabelMatrix Labels, LabelMatrix ObservedLabels)
{
    public int Count => ImagePaths.Count;

    public int Classes => Labels.Classes;

    public string FullImagePath(int index) => Path.Combine(ImagesRoot, ImagePaths[index]);

    public SpmlSplit SelectRows(IReadOnlyList<int> rows) =>
        new(ImagesRoot, rows.Select(i => ImagePaths[i]).ToArray(), Labels.SelectRows(rows), ObservedLabels.SelectRows(rows));
}
