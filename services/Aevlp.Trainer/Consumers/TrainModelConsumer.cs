using Aevlp.Contracts;
using Aevlp.ServiceDefaults;
using Aevlp.Storage;
using Aevlp.Trainer.Telemetry;
using Aevlp.Trainer.Training;
using MassTransit;

namespace Aevlp.Trainer.Consumers;

/// <summary>Trains one run per delivery, holding the run's lease for the whole training.
///
/// Why a run longer than RabbitMQ's delivery-acknowledgement timeout (30 min by default) is neither cut off
/// nor duplicated: the message stays unacknowledged while the run trains (so a dead replica's run is
/// redelivered), and the training does not depend on the delivery: it runs on the host's and the run's own
/// cancellation, not the message's. If the broker gives up on the delivery and hands it to another replica,
/// that replica finds the run's lease held (renewed every 10 s by the training replica) and drops the
/// duplicate; the first replica finishes, records the attempt as done (<see cref="TrainedMarker"/>) and
/// publishes ModelTrained; a delivery that arrives after that gets the recorded answer. If a replica dies, its lease expires,
/// heartbeats stop, and the registry re-dispatches the run, which resumes from its latest epoch checkpoint.</summary>
public sealed class TrainModelConsumer(
    TrainingJob job,
    BlobStore store,
    LocalBlobCache cache,
    RunCancellations cancellations,
    TrainerTelemetry telemetry,
    IHostApplicationLifetime lifetime,
    ILogger<TrainModelConsumer> logger) : IConsumer<TrainModel>
{
    private const string Stage = "training";

    public async Task Consume(ConsumeContext<TrainModel> context)
    {
        var command = context.Message;
        using var activity = TrainerTelemetry.ActivitySource.StartActivity("train run");
        activity?.SetTag("aevlp.run_id", command.RunId);
        await using var lease = await RunLease.TryAcquireAsync(store, command.RunId, Stage, lifetime.ApplicationStopping);
        if (lease is null)
        {
            logger.LogInformation("Run {RunId} attempt {Attempt} is being trained by another replica; dropping this delivery", command.RunId, command.Attempt);
            return;
        }
        var done = new TrainedMarker(store, command.RunId, command.Attempt);
        if (await done.ReadAsync(lifetime.ApplicationStopping) is { } earlier)
        {
            // A redelivery after this attempt finished: answer again, never train twice.
            await context.Publish(earlier, CancellationToken.None);
            return;
        }
        // Stopping the host or losing the lease also stops the training, but only a user's cancel is "cancelled".
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping, lease.Lost);
        using var run = cancellations.Track(command.RunId, stopping.Token);
        try
        {
            var trained = await job.RunAsync(command, context, run.Token);
            await done.WriteAsync(trained, CancellationToken.None);
            await new RunCheckpoints(store, command.RunId).DeleteAllAsync(CancellationToken.None);
            await context.Publish(trained, CancellationToken.None);
            telemetry.RunsFinished.Add(1, new KeyValuePair<string, object?>("outcome", "trained"));
        }
        catch (OperationCanceledException) when (run.CancelledByUser)
        {
            logger.LogInformation("Run {RunId} cancelled", command.RunId);
            await context.Publish(new StageCancelled(command.RunId, Contracts.Stage.Training, command.Attempt), CancellationToken.None);
            telemetry.RunsFinished.Add(1, new KeyValuePair<string, object?>("outcome", "cancelled"));
        }
        catch (Exception e) when (IsBadInput(e))
        {
            logger.LogWarning(e, "Run {RunId} failed: {Reason}", command.RunId, e.Message);
            // The reason names blobs, not this replica's local copies of them.
            await context.Publish(new RunFailed(command.RunId, Contracts.Stage.Training, command.Attempt, cache.BlobNamesIn(e.Message)), CancellationToken.None);
            telemetry.RunsFinished.Add(1, new KeyValuePair<string, object?>("outcome", "failed"));
        }
    }

    // Problems a retry cannot fix: bad config values, malformed or missing dataset files. Anything else
    // (storage or broker trouble, the host stopping) propagates, so the delivery is retried or redelivered.
    private static bool IsBadInput(Exception e) =>
        e is ArgumentException or InvalidDataException or FileNotFoundException or ML.Data.DatasetValidationException;
}

/// <summary>One run at a time per replica: with a prefetch of 1 a busy replica holds no other run's message,
/// so idle replicas take them (competing consumers).</summary>
public sealed class TrainModelConsumerDefinition : ConsumerDefinition<TrainModelConsumer>
{
    public TrainModelConsumerDefinition() => ConcurrentMessageLimit = 1;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpoint, IConsumerConfigurator<TrainModelConsumer> consumer,
        IRegistrationContext context)
    {
        endpoint.PrefetchCount = 1;
        endpoint.UseMessageRetry(retry => retry.None());
    }
}
