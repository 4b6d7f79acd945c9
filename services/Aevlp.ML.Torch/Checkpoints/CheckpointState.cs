using Aevlp.ML.Training;

namespace Aevlp.ML.Checkpoints;

/// <summary>The run's progress as stored in a checkpoint, next to the weights and optimiser state.</summary>
/// <param name="Identity">Architecture, classes, loss and seed; a checkpoint only resumes the run it came from.</param>
/// <param name="LastMap">Val mAP of the last completed epoch (early stopping compares it to the best).</param>
/// <param name="BestWeights">State dict of the best-validation model (TorchSharp format).</param>
public sealed record CheckpointState(string Identity, int CompletedEpochs, BestSoFar Best, double LastMap, byte[] BestWeights);
