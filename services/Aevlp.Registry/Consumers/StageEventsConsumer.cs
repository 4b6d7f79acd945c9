using Aevlp.Contracts;
using Aevlp.Registry.Pipeline;
using MassTransit;

namespace Aevlp.Registry.Consumers;

/// <summary>The workers' stage outcomes and the epochs of the run's record, on one queue: an epoch published
/// before its stage's outcome is queued before it (the progress queue may reconnect later after a broker restart).</summary>
public sealed class StageEventsConsumer(PipelineOrchestrator orchestrator, ProgressRecorder recorder) :
    IConsumer<PseudoLabelsReady>, IConsumer<EpochEnded>, IConsumer<ModelTrained>, IConsumer<ModelEvaluated>, IConsumer<RunFailed>,
    IConsumer<StageCancelled>
{
    public Task Consume(ConsumeContext<PseudoLabelsReady> context) => orchestrator.OnPseudoLabelsReadyAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<EpochEnded> context) => recorder.RecordAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<ModelTrained> context) => orchestrator.OnModelTrainedAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<ModelEvaluated> context) => orchestrator.OnModelEvaluatedAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<RunFailed> context) => orchestrator.OnRunFailedAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<StageCancelled> context) => orchestrator.OnStageCancelledAsync(context.Message, context.CancellationToken);
}
