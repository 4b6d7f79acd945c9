using System.Diagnostics;
using Aevlp.Contracts;
using Aevlp.PseudoLabeler.Telemetry;
using Aevlp.ServiceDefaults;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Aevlp.PseudoLabeler.Consumers;

/// <summary>Answers <see cref="GeneratePseudoLabels"/> with <see cref="PseudoLabelsReady"/> (through the one stage-consumer
/// shape, <see cref="StageConsumer{TCommand}"/>), sending <see cref="StageProgressed"/> heartbeats while it works. The replica
/// that holds the cache key's lease (not the run's) coordinates the pass; every replica scores its chunks.</summary>
public sealed class GeneratePseudoLabelsConsumer(StageConsumerServices services, PseudoLabelJob job, IBus bus, IOptions<PseudoLabelerOptions> options)
    : StageConsumer<GeneratePseudoLabels>(services)
{
    protected override Stage Stage => Stage.PseudoLabels;

    protected override ActivitySource Activities => PseudoLabelerTelemetry.ActivitySource;

    protected override bool LeasesTheRun => false;

    protected override string Worker => WorkerName.Default;

    protected override async Task<object> RunAsync(ConsumeContext<GeneratePseudoLabels> context, CancellationToken cancellationToken)
    {
        var command = context.Message;
        var progress = new JobProgress();
        JobOutcome outcome;
        await using (new StageHeartbeat(bus, command, progress, options.Value.HeartbeatInterval))
        {
            outcome = await job.RunAsync(command, progress, cancellationToken);
        }
        return new PseudoLabelsReady(command.RunId, command.Attempt, outcome.Key, outcome.Reused, outcome.Seconds);
    }
}

/// <summary>A replica coordinates one pass at a time, with a prefetch of 1 so that an idle replica coordinates the next; every
/// replica's <see cref="ScoreTeacherChunkConsumer"/> scores the chunks.</summary>
public sealed class GeneratePseudoLabelsConsumerDefinition : ConsumerDefinition<GeneratePseudoLabelsConsumer>
{
    public GeneratePseudoLabelsConsumerDefinition() => ConcurrentMessageLimit = 1;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpoint, IConsumerConfigurator<GeneratePseudoLabelsConsumer> consumer,
        IRegistrationContext context) => endpoint.PrefetchCount = 1;
}
