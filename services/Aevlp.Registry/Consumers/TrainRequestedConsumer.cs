using Aevlp.Contracts;
using Aevlp.Registry.Pipeline;
using MassTransit;

namespace Aevlp.Registry.Consumers;

/// <summary>The bus door for new runs. An invalid request is answered with RunRejected and consumed: retrying
/// cannot fix it, and it must not poison the queue.</summary>
public sealed class TrainRequestedConsumer(RunSubmission submission) : IConsumer<TrainRequested>
{
    public async Task Consume(ConsumeContext<TrainRequested> context)
    {
        // The message id makes a redelivery find the run it already created; publishers that are not
        // MassTransit may leave it out, and then only the idempotency key deduplicates.
        var runId = context.MessageId ?? Guid.CreateVersion7();
        var result = await submission.SubmitAsync(context.Message, runId, context.CancellationToken);
        if (result.Problems.Count > 0)
        {
            await context.Publish(new RunRejected(context.Message.IdempotencyKey, [.. result.Problems.Select(problem => problem.ToString())]));
        }
    }
}
