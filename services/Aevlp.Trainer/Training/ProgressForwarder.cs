using System.Threading.Channels;
using Aevlp.Contracts;
using Aevlp.ML.Training;
using Aevlp.Trainer.Telemetry;
using MassTransit;
using Polly;
using Aevlp.ServiceDefaults;
using ContractEpochSummary = Aevlp.Contracts.EpochSummary;

namespace Aevlp.Trainer.Training;

/// <summary>Takes the training loop's progress (reported synchronously, between batches) off the loop's thread
/// and forwards it: batch progress to the bus at most every <see cref="TrainerOptions.ProgressInterval"/> (it is
/// also the run's heartbeat), every epoch's end to the bus (<see cref="EpochEnded"/>), the tracker (with the
/// training curve redrawn) and the dashboard's metrics.
/// A delivery that fails (the broker or the tracker restarting) never stops the forwarding: an epoch's end is
/// retried for about 40 s, as the registry needs it for the run's history (recording it twice is harmless);
/// batch progress is dropped, as the next one replaces it.</summary>
public sealed class ProgressForwarder : IProgress<TrainingProgress>, IAsyncDisposable
{
    private readonly Channel<TrainingProgress> pending = Channel.CreateUnbounded<TrainingProgress>(new() { SingleReader = true });
    private readonly TrainModel command;
    private readonly IPublishEndpoint bus;
    private readonly EpochTracking tracker;
    private readonly TrainerTelemetry telemetry;
    private readonly TrainerOptions options;
    private readonly ILogger logger;
    private readonly Task forwarding;
    private readonly Dictionary<int, TaskCompletionSource> epochsForwarded = [];
    private DateTime lastBatchSent = DateTime.MinValue;
    private BatchProgress? lastBatch;

    private static readonly ResiliencePipeline UntilDelivered = Backoff.ThroughOutage.Pipeline();

    public ProgressForwarder(TrainModel command, IPublishEndpoint bus, EpochTracking tracker, TrainerTelemetry telemetry,
        TrainerOptions options, ILogger logger, int epochs, CancellationToken cancellationToken)
    {
        (this.command, this.bus, this.tracker, this.telemetry, this.options, this.logger, Epochs) =
            (command, bus, tracker, telemetry, options, logger, epochs);
        forwarding = ForwardAsync(cancellationToken);
    }

    public int Epochs { get; }

    public void Report(TrainingProgress value) => pending.Writer.TryWrite(value);

    private async Task ForwardAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ForwardEachAsync(cancellationToken);
        }
        finally
        {
            // Nothing forwards any more: a checkpoint waiting for its epoch must not wait forever.
            lock (epochsForwarded)
            {
                foreach (var forwarded in epochsForwarded.Values) forwarded.TrySetCanceled(CancellationToken.None);
            }
        }
    }

    private async Task ForwardEachAsync(CancellationToken cancellationToken)
    {
        await foreach (var progress in pending.Reader.ReadAllAsync(cancellationToken))
        {
            switch (progress)
            {
                case BatchProgress batch:
                    lastBatch = batch;
                    telemetry.Loss.Record(batch.Loss);
                    telemetry.ImagesPerSecond.Record(batch.ImagesPerSecond);
                    if (DateTime.UtcNow - lastBatchSent >= options.ProgressInterval || batch.Batch == batch.Batches)
                    {
                        lastBatchSent = DateTime.UtcNow;
                        await TryAsync("batch progress", ct => bus.Publish(ToMessage(batch), ct), cancellationToken);
                    }
                    break;
                case Aevlp.ML.Training.EpochSummary epoch:
                    telemetry.Epochs.Add(1);
                    telemetry.ValidationMap.Record(epoch.ValidationMap);
                    // The tracker client retries by itself (the standard HTTP resilience handler).
                    await TryAsync("epoch metrics", ct => tracker.LogEpochAsync(command.TrackingRunId, epoch, lastBatch?.ImagesPerSecond, ct), cancellationToken);
                    await TryAsync("training curve", ct => tracker.LogTrainingCurveAsync(command.TrackingRunId, ct), cancellationToken);
                    var ended = new EpochEnded(command.RunId, command.Attempt, options.Worker, epoch.Epoch, Epochs, ToSummary(epoch));
                    await TryAsync("epoch's end", ct => UntilDelivered.ExecuteAsync(async token => await bus.Publish(ended, token), ct).AsTask(), cancellationToken);
                    EpochForwarded(epoch.Epoch).TrySetResult();
                    break;
            }
        }
    }

    /// <summary>Completes once epoch <paramref name="epoch"/>'s end went to the bus and the tracker. The epoch's
    /// checkpoint is stored only then: a run resumed from it must not lack that epoch in its history.</summary>
    public Task EpochForwardedAsync(int epoch, CancellationToken cancellationToken) =>
        EpochForwarded(epoch).Task.WaitAsync(cancellationToken);

    private TaskCompletionSource EpochForwarded(int epoch)
    {
        lock (epochsForwarded)
        {
            if (!epochsForwarded.TryGetValue(epoch, out var forwarded))
                epochsForwarded[epoch] = forwarded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return forwarded;
        }
    }

    private async Task TryAsync(string what, Func<CancellationToken, Task> deliver, CancellationToken cancellationToken)
    {
        try
        {
            await deliver(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Run {RunId}: {What} not delivered; training goes on", command.RunId, what);
        }
    }

    private TrainingProgressed ToMessage(BatchProgress batch) =>
        new(command.RunId, command.Attempt, options.Worker, batch.Epoch, Epochs, batch.Batch, batch.Batches,
            batch.Loss, batch.ImagesPerSecond);

    private static ContractEpochSummary ToSummary(Aevlp.ML.Training.EpochSummary epoch) =>
        new(epoch.TrainLoss, epoch.ValidationMap, epoch.PseudoLabels?.Precision, epoch.PseudoLabels?.Recall,
            epoch.PseudoLabels?.F1, epoch.Seconds);

    /// <summary>Drains what the loop reported before the run's outcome is published, so events stay in order.</summary>
    public async ValueTask DisposeAsync()
    {
        pending.Writer.TryComplete();
        try
        {
            await forwarding;
        }
        catch (OperationCanceledException)
        {
            // The run was cancelled; its outcome message says so.
        }
    }
}
