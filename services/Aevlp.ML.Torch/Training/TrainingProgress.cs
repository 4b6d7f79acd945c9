using Aevlp.ML.Metrics;

namespace Aevlp.ML.Training;

/// <summary>What a run reports while it trains; services forward these to the tracker and the UI.</summary>
public abstract record TrainingProgress(int Epoch);

/// <summary>After each optimiser step.</summary>
/// <param name="Batch">1-based.</param>
/// <param name="ImagesPerSecond">This batch's images over the wall time since the previous batch (loading included).</param>
public sealed record BatchProgress(int Epoch, int Batch, int Batches, double Loss, double ImagesPerSecond) : TrainingProgress(Epoch);

/// <summary>After each epoch's validation.</summary>
/// <param name="ValidationMap">mAP in percent on the val split's clean labels.</param>
/// <param name="PseudoLabels">Quality of this epoch's pseudo-labels; null when the loss uses none.</param>
/// <param name="IsBest">This epoch's weights are the best so far (and now the kept checkpoint).</param>
public sealed record EpochSummary(
    int Epoch, double TrainLoss, double ValidationMap, PseudoLabelQuality? PseudoLabels, double Seconds, bool IsBest)
    : TrainingProgress(Epoch);
