using Aevlp.Contracts;
using Aevlp.Registry.Pipeline;
using MassTransit;

namespace Aevlp.Registry.Messaging;

/// <summary>The workers' stage outcomes, on one queue.</summary>
public sealed class StageEventsConsumer(PipelineOrchestrator orchestrator) :
    IConsumer<PseudoLabelsReady>, IConsumer<ModelTrained>, IConsumer<ModelEvaluated>, IConsumer<RunFailed>, IConsumer<StageCancelled>
{
    public Task Consume(ConsumeContext<PseudoLabelsReady> context) => orchestrator.OnPseudoLabelsReadyAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<ModelTrained> context) => orchestrator.OnModelTrainedAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<ModelEvaluated> context) => orchestrator.OnModelEvaluatedAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<RunFailed> context) => orchestrator.OnRunFailedAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<StageCancelled> context) => orchestrator.OnStageCancelledAsync(context.Message, context.CancellationToken);
}
