using Aevlp.ML.Metrics;
using Aevlp.ML.Models;

namespace Aevlp.ML.Training;

/// <summary>The outcome of a run: test metrics of the best-validation checkpoint (null when the data has no test
/// split), and that model.</summary>
/// <param name="Model">The classifier with the best-validation weights, in eval mode; the caller disposes it.</param>
/// <param name="EpochsRun">The last epoch trained (fewer than configured when early stopping fired).</param>
public sealed record TrainingResult(
    MultiLabelClassifier Model,
    int BestEpoch,
    double BestValidationMap,
    MeanAveragePrecision? TestMap,
    ThresholdMetrics? TestThresholdMetrics,
    int EpochsRun,
    bool StoppedEarly);
