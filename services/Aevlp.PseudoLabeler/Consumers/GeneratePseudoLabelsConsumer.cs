using System.Diagnostics;
using Aevlp.Contracts;
using Aevlp.PseudoLabeler.Telemetry;
using Aevlp.ServiceDefaults;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Aevlp.PseudoLabeler.Consumers;

/// <summary>Answers <see cref="GeneratePseudoLabels"/> with <see cref="PseudoLabelsReady"/> (through the one stage-consumer
/// shape, <see cref="StageConsumer{TCommand}"/>), sending <see cref="StageProgressed"/> heartbeats while it works. Replicas
/// share a teacher pass by its cache key's lease, not by the run's.</summary>
public sealed class GeneratePseudoLabelsConsumer(StageConsumerServices services, PseudoLabelJob job, IBus bus, IOptions<PseudoLabelerOptions> options)
    : StageConsumer<GeneratePseudoLabels>(services)
{
    protected override Stage Stage => Stage.PseudoLabels;

    protected override ActivitySource Activities => PseudoLabelerTelemetry.ActivitySource;

    protected override bool LeasesTheRun => false;

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

/// <summary>One teacher pass at a time per replica: it uses every core.</summary>
public sealed class GeneratePseudoLabelsConsumerDefinition : ConsumerDefinition<GeneratePseudoLabelsConsumer>
{
    public GeneratePseudoLabelsConsumerDefinition() => ConcurrentMessageLimit = 1;
}
