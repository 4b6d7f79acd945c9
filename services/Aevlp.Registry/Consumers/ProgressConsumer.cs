using Aevlp.Contracts;
using Aevlp.Registry.Pipeline;
using MassTransit;

namespace Aevlp.Registry.Consumers;

/// <summary>Progress has its own queue, so a burst of per-batch reports never delays a stage's outcome.</summary>
public sealed class ProgressConsumer(ProgressRecorder recorder) : IConsumer<StageReceived>, IConsumer<StageProgressed>, IConsumer<TrainingProgressed>
{
    public Task Consume(ConsumeContext<StageReceived> context) => recorder.RecordAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<StageProgressed> context) => recorder.RecordAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<TrainingProgressed> context) => recorder.RecordAsync(context.Message, context.CancellationToken);
}
