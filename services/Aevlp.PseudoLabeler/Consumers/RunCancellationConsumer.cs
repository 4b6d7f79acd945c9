using Aevlp.Contracts;
using MassTransit;

namespace Aevlp.PseudoLabeler.Consumers;

/// <summary>Stops this replica's work on a cancelled run. Bound to a temporary queue per replica, so every replica
/// hears every cancellation (fan-out), not just one of them.</summary>
public sealed class RunCancellationConsumer(RunCancellations cancellations, ILogger<RunCancellationConsumer> logger)
    : IConsumer<RunCancellationRequested>
{
    public Task Consume(ConsumeContext<RunCancellationRequested> context)
    {
        if (cancellations.Cancel(context.Message.RunId))
            logger.LogInformation("Run {RunId}: cancellation requested; stopping", context.Message.RunId);
        return Task.CompletedTask;
    }
}
