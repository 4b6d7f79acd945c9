using System.Diagnostics;
using Aevlp.Contracts;
using Aevlp.ServiceDefaults;
using Aevlp.Storage;
using Aevlp.Trainer.Telemetry;
using Aevlp.Trainer.Training;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Aevlp.Trainer.Consumers;

/// <summary>Trains one run per delivery, holding the run's lease for the whole training (the one stage-consumer shape,
/// <see cref="StageConsumer{TCommand}"/>).
///
/// Why a run longer than RabbitMQ's delivery-acknowledgement timeout (30 min by default) is neither cut off
/// nor duplicated: the message stays unacknowledged while the run trains (so a dead replica's run is
/// redelivered), and the training does not depend on the delivery: it runs on the host's and the run's own
/// cancellation, not the message's. If the broker gives up on the delivery and hands it to another replica,
/// that replica finds the run's lease held (renewed every 10 s by the training replica) and drops the
/// duplicate; the first replica finishes, records the attempt as done (<see cref="TrainedMarker"/>) and
/// publishes ModelTrained; a delivery that arrives after that gets the recorded answer. If a replica dies, its lease expires,
/// heartbeats stop, and the registry re-dispatches the run, which resumes from its latest epoch checkpoint.</summary>
public sealed class TrainModelConsumer(StageConsumerServices services, TrainingJob job, TrainerTelemetry telemetry, IOptions<TrainerOptions> options)
    : StageConsumer<TrainModel>(services)
{
    protected override Stage Stage => Stage.Training;

    protected override string Worker => options.Value.Worker;

    protected override ActivitySource Activities => TrainerTelemetry.ActivitySource;

    protected override async Task<object> RunAsync(ConsumeContext<TrainModel> context, CancellationToken cancellationToken)
    {
        var command = context.Message;
        var done = new TrainedMarker(Services.Store, command.RunId, command.Attempt);
        // A redelivery after this attempt finished: answer again, never train twice.
        if (await done.ReadAsync(cancellationToken) is { } earlier) return earlier;
        var trained = await job.RunAsync(command, context, cancellationToken);
        await done.WriteAsync(trained, CancellationToken.None);
        await new RunCheckpoints(Services.Store, command.RunId).DeleteAllAsync(CancellationToken.None);
        return trained;
    }

    protected override void Ended(string outcome) => telemetry.RunsFinished.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
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
