using Aevlp.ML.Training;
using Aevlp.Tracking.Client;
using Aevlp.Tracking.Client.Protocol;

namespace Aevlp.Trainer.Training;

/// <summary>What the trainer tells the experiment tracker: one batch of metrics per epoch, step = epoch, and the
/// training curve drawn from them.</summary>
public sealed class EpochTracking(MlflowClient tracker)
{
    private const string TrainLoss = "train_loss";
    private const string ValidationMap = "val_map";

    public Task LogEpochAsync(string trackingRunId, EpochSummary epoch, double? imagesPerSecond, CancellationToken cancellationToken)
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var metrics = new List<Metric>
        {
            new(TrainLoss, epoch.TrainLoss, now, epoch.Epoch),
            new(ValidationMap, epoch.ValidationMap, now, epoch.Epoch),
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

    /// <summary>Draws train loss and val mAP of every epoch the tracker holds (a resumed run's earlier epochs too) and
    /// stores the picture as the run's <see cref="TrainingCurve.ArtifactName"/>, replacing the previous epoch's.</summary>
    public async Task LogTrainingCurveAsync(string trackingRunId, CancellationToken cancellationToken)
    {
        var run = await tracker.GetRunAsync(trackingRunId, cancellationToken);
        var losses = await LatestPerEpochAsync(trackingRunId, TrainLoss, cancellationToken);
        var maps = await LatestPerEpochAsync(trackingRunId, ValidationMap, cancellationToken);
        var points = losses.Where(loss => maps.ContainsKey(loss.Key))
            .Select(loss => new CurvePoint((int)loss.Key, loss.Value, maps[loss.Key]))
            .ToList();
        using var png = new MemoryStream();
        new TrainingCurve(points).WritePng(png);
        png.Position = 0;
        await tracker.UploadArtifactAsync(run.Info, TrainingCurve.ArtifactName, png, cancellationToken);
    }

    // An epoch logged twice (a retried delivery) counts once, with its latest value.
    private async Task<Dictionary<long, double>> LatestPerEpochAsync(string trackingRunId, string key, CancellationToken cancellationToken) =>
        (await tracker.GetMetricHistoryAsync(trackingRunId, key, cancellationToken))
            .GroupBy(metric => metric.Step)
            .ToDictionary(epoch => epoch.Key, epoch => epoch.MaxBy(metric => metric.Timestamp)!.Value);
}
