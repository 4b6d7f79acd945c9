using Aevlp.ML.Training;
using Aevlp.Tracking.Client;
using Aevlp.Tracking.Client.Protocol;

namespace Aevlp.Trainer.Training;

/// <summary>What the trainer tells the experiment tracker: one batch of metrics per epoch, step = epoch.</summary>
public sealed class RunTracking(MlflowClient tracker)
{
    public Task LogEpochAsync(string trackingRunId, EpochSummary epoch, double? imagesPerSecond, CancellationToken cancellationToken)
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var metrics = new List<Metric>
        {
            new("train_loss", epoch.TrainLoss, now, epoch.Epoch),
            new("val_map", epoch.ValidationMap, now, epoch.Epoch),
            new("epoch_seconds", epoch.Seconds, now, epoch.Epoch),
        };
        if (imagesPerSecond is { } rate) metrics.Add(new("images_per_second", rate, now, epoch.Epoch));
        if (epoch.PseudoLabels is { } quality)
        {
            metrics.Add(new("pl_precision", quality.Precision, now, epoch.Epoch));
            metrics.Add(new("pl_recall", quality.Recall, now, epoch.Epoch));
            metrics.Add(new("pl_f1", quality.F1, now, epoch.Epoch));
        }
        return tracker.LogBatchAsync(trackingRunId, metrics, ct: cancellationToken);
    }
}
