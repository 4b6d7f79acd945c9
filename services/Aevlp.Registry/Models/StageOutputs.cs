namespace Aevlp.Registry.Models;

/// <summary>What a finished stage hands to the next; null members leave the stored value as it is.
/// <paramref name="ComputeSeconds"/> is the worker's own measure of the stage, kept on the stage attempt.</summary>
public sealed record StageOutputs(double ComputeSeconds, string? PseudoLabelKey = null, string? ModelBlob = null,
    string? ModelCardBlob = null, string? PredictionsBlob = null, string? TestMetrics = null);
