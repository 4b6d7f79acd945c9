namespace Aevlp.ML.Metrics;

/// <summary>Percentages and F1 with one rule for empty denominators: 0/0 counts as 0, so a class (or an
/// epoch) with nothing predicted or nothing to find scores 0 instead of poisoning a mean with NaN.</summary>
internal static class Ratios
{
    public static double Percent(long numerator, long denominator) =>
        denominator == 0 ? 0.0 : 100.0 * numerator / denominator;

    /// <summary>2PR/(P+R); 0 when both are 0.</summary>
    public static double F1(double precision, double recall) =>
        precision + recall == 0 ? 0.0 : 2 * precision * recall / (precision + recall);
}
