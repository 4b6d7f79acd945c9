namespace Aevlp.Registry.Models;

/// <summary>What a finished stage hands to the next; null members leave the stored value as it is.</summary>
public sealed record StageOutputs(string? PseudoLabelKey = null, string? ModelBlob = null, string? ModelCardBlob = null,
    string? PredictionsBlob = null, string? TestMetrics = null);
