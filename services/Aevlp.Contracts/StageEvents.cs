namespace Aevlp.Contracts;

// Events from the workers to the registry.

/// <summary>Liveness and coarse progress of any stage (done of total units); the registry's watchdog
/// re-dispatches a stage whose worker stops sending these.</summary>
public sealed record StageProgressed(Guid RunId, Stage Stage, int Attempt, string Worker, long Done, long Total, string Unit);

/// <summary>A worker received a stage's command: from now on the registry's watchdog counts its silence. Until then the
/// command waits in a durable queue, however long the queue, and the watchdog leaves it there.</summary>
public sealed record StageReceived(Guid RunId, Stage Stage, int Attempt, string Worker);

public sealed record PseudoLabelsReady(Guid RunId, int Attempt, string PseudoLabelKey, bool Reused, double Seconds);

/// <summary>Training progress within an epoch (throttled; a lost one is replaced by the next).</summary>
public sealed record TrainingProgressed(Guid RunId, int Attempt, string Worker, int Epoch, int Epochs,
    int Batch, int Batches, double Loss, double ImagesPerSecond);

/// <summary>An epoch of the run's record. It travels with the stage outcomes, not with the progress reports:
/// after a broker restart each queue's consumer reconnects on its own schedule (tens of seconds apart), and a run's
/// history must hold every epoch by the time the run finishes.</summary>
public sealed record EpochEnded(Guid RunId, int Attempt, string Worker, int Epoch, int Epochs, EpochSummary Summary);

public sealed record EpochSummary(double TrainLoss, double ValMap, double? PseudoLabelPrecision,
    double? PseudoLabelRecall, double? PseudoLabelF1, double EpochSeconds);

/// <summary>The best checkpoint was exported: <c>runs/{runId}/model.onnx</c> and <c>model.json</c>.</summary>
public sealed record ModelTrained(Guid RunId, int Attempt, string ModelBlob, string ModelCardBlob,
    int BestEpoch, double BestValMap, double Seconds);

public sealed record ModelEvaluated(Guid RunId, int Attempt, TestMetrics Metrics, string PredictionsBlob, double Seconds);

/// <summary>Test metrics of spec §6, all in percent.</summary>
public sealed record TestMetrics(double Map, double CP, double CR, double CF1, double OP, double OR, double OF1);

/// <summary>A stage failed for a reason a retry cannot fix (bad input, corrupt file); the run is FAILED.</summary>
public sealed record RunFailed(Guid RunId, Stage Stage, int Attempt, string Reason);

/// <summary>A worker stopped a run after <see cref="RunCancellationRequested"/>.</summary>
public sealed record StageCancelled(Guid RunId, Stage Stage, int Attempt);

/// <summary>The registry registered the evaluated model as a version in the model registry.</summary>
public sealed record ModelRegistered(Guid RunId, string ModelName, string Version, bool IsChampion, double TestMap);
