namespace Aevlp.ML.PseudoLabels;

/// <summary>Which teacher views decide the pseudo-labels.</summary>
public enum ViewAggregation
{
    /// <summary>DAMP (spec §4): the global view combined with the per-class max/min/mean over the grid tiles.</summary>
    Damp,

    /// <summary>The global view alone; the ablation that shows what the tiles add.</summary>
    GlobalViewOnly,
}

/// <summary>
/// DAMP's hyper-parameters (config names <c>temp</c>, <c>eta</c>, top_k, <c>threshold</c>, <c>negative_ratio</c>).
/// </summary>
/// <param name="Temperature">Softmax temperature over the teacher's cosine similarities.</param>
/// <param name="Eta">Cap on η, the bar a tile's score must clear for the tile maximum (not minimum) to be used.</param>
/// <param name="TopK">At most this many positives per image.</param>
/// <param name="Threshold">A positive's aggregated score must be at least this.</param>
/// <param name="NegativeRatio">⌊ratio·C⌋ lowest-scored classes become negatives (the paper); 0 gives no
/// negatives, which reproduces the released code.</param>
public sealed record PseudoLabelSettings(double Temperature, double Eta, int TopK, double Threshold, double NegativeRatio)
{
    /// <summary>How many of <paramref name="classes"/> classes are candidates for a negative label.</summary>
    public int NegativeCount(int classes) => (int)Math.Floor(NegativeRatio * classes);

    internal void Validate()
    {
        if (!(Temperature > 0))
            throw new ArgumentException($"expected temp > 0, got {Temperature}", nameof(Temperature));
        if (TopK < 0)
            throw new ArgumentException($"expected top_k ≥ 0, got {TopK}", nameof(TopK));
        if (NegativeRatio is < 0 or > 1)
            throw new ArgumentException($"expected negative_ratio in [0, 1], got {NegativeRatio}", nameof(NegativeRatio));
    }
}
