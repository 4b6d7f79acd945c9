using Aevlp.Contracts;
using Aevlp.Registry.Models;
using Aevlp.Registry.Storage;
using MassTransit;

namespace Aevlp.Registry.Pipeline;

/// <summary>Sends the command for a run's current stage and attempt to its workers; the registration stage
/// is the registry's own and runs here.</summary>
/// <remarks>State is written before the command is published and there is no transactional outbox
/// (MassTransit's needs Entity Framework). A crash between the two leaves the stage without a worker and its command
/// unconfirmed; the watchdog sees it go silent and dispatches it again with the next attempt. Once RabbitMQ confirmed a
/// command (a publish returns after the broker's confirm), the run is marked dispatched, and the watchdog leaves it
/// queued until a worker receives it.</remarks>
public sealed class StageDispatcher(IPublishEndpoint publisher, ModelRegistrar registrar, RunStore runs, ILogger<StageDispatcher> logger)
{
    public async Task DispatchAsync(RunRecord run, CancellationToken ct)
    {
        using var activity = RunTrace.StartDispatch(run);
        logger.LogInformation("Dispatching {Stage} attempt {Attempt} of run {RunId}", run.Stage, run.Attempt, run.Id);
        switch (run.CurrentStage)
        {
            case Stage.PseudoLabels:
                var pass = run.ResolvedConfig.TeacherPass ?? throw new InvalidOperationException($"Run {run.Id} has no teacher stage");
                await publisher.Publish(new GeneratePseudoLabels(run.Id, run.Attempt, run.Dataset, run.DatasetVersion,
                    pass.Teacher, pass.GridSize, pass.Variants, pass.RelationTopK, pass.RelationWeight), ct);
                break;
            case Stage.Training:
                await publisher.Publish(new TrainModel(run.Id, run.Attempt, run.Dataset, run.DatasetVersion, run.ConfigJson,
                    run.PseudoLabelKey, run.TrackingRunId!), ct);
                break;
            case Stage.Evaluation:
                await publisher.Publish(new EvaluateModel(run.Id, run.Attempt, run.Dataset, run.DatasetVersion, run.ModelBlob!,
                    run.TrackingRunId!), ct);
                break;
            case Stage.Registration:
                await registrar.RegisterAsync(run, ct);
                return;
            default:
                throw new InvalidOperationException($"Run {run.Id} has no stage to dispatch");
        }
        await runs.MarkDispatchedAsync(run.Id, run.CurrentStage.Value, run.Attempt, ct);
    }
}
