using Aevlp.Registry.Api;
using System.Text.Json;
using Aevlp.Contracts;
using Aevlp.Registry.Models;
using Aevlp.Registry.Storage;

namespace Aevlp.Registry.Pipeline;

/// <summary>Moves a run along its stages as the workers report: each event ends the current attempt of its
/// stage (guarded in SQL, so duplicates and stale attempts change nothing) and dispatches the next stage.</summary>
public sealed class PipelineOrchestrator(RunTransitions transitions, StageDispatcher dispatcher, RunCompletion completion,
    ILogger<PipelineOrchestrator> logger)
{
    public Task OnPseudoLabelsReadyAsync(PseudoLabelsReady ready, CancellationToken ct) =>
        AdvanceAsync(ready.RunId, Stage.PseudoLabels, ready.Attempt, Stage.Training, new StageOutputs(ready.Seconds, PseudoLabelKey: ready.PseudoLabelKey), ct);

    public Task OnModelTrainedAsync(ModelTrained trained, CancellationToken ct) =>
        AdvanceAsync(trained.RunId, Stage.Training, trained.Attempt, Stage.Evaluation,
            new StageOutputs(trained.Seconds, ModelBlob: trained.ModelBlob, ModelCardBlob: trained.ModelCardBlob), ct);

    public Task OnModelEvaluatedAsync(ModelEvaluated evaluated, CancellationToken ct) =>
        AdvanceAsync(evaluated.RunId, Stage.Evaluation, evaluated.Attempt, Stage.Registration,
            new StageOutputs(evaluated.Seconds, PredictionsBlob: evaluated.PredictionsBlob, TestMetrics: JsonSerializer.Serialize(evaluated.Metrics, JsonSerializerOptions.Web)), ct);

    public async Task OnRunFailedAsync(RunFailed failed, CancellationToken ct)
    {
        var run = await transitions.EndAsync(failed.RunId, failed.Stage, failed.Attempt, RunStatus.Failed, failed.Reason, ct);
        await EndedOrIgnoredAsync(run, failed, ct);
    }

    public async Task OnStageCancelledAsync(StageCancelled cancelled, CancellationToken ct)
    {
        var run = await transitions.KillAsync(cancelled.RunId, cancelled.Stage, cancelled.Attempt, ct);
        await EndedOrIgnoredAsync(run, cancelled, ct);
    }

    private async Task AdvanceAsync(Guid runId, Stage from, int attempt, Stage to, StageOutputs outputs, CancellationToken ct)
    {
        if (await transitions.AdvanceAsync(runId, from, attempt, to, outputs, ct) is { } advanced)
        {
            await dispatcher.DispatchAsync(advanced, ct);
            return;
        }
        // A worker that finished before it saw the cancel request sends no StageCancelled: its stage's end
        // is the end of a cancelling run.
        var killed = await transitions.KillAsync(runId, from, attempt, ct);
        await EndedOrIgnoredAsync(killed, new { runId, from, attempt }, ct);
    }

    private async Task EndedOrIgnoredAsync(RunRecord? run, object message, CancellationToken ct)
    {
        if (run is null)
        {
            logger.LogInformation("Ignored {Message}: a duplicate, a superseded attempt, or a run that has moved on", message);
            return;
        }
        await completion.OnEndedAsync(run, ct);
    }
}
