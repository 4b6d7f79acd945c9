using System.Text.Json;
using Aevlp.Contracts;
using Aevlp.Registry.Models;
using Aevlp.Registry.Storage;

namespace Aevlp.Registry.Pipeline;

/// <summary>The one application service behind both doors (POST /api/runs and TrainRequested on the bus):
/// validate, store exactly once, start.</summary>
public sealed class RunSubmission(RunRequestValidator validator, RunStore store, RunStarter starter, RegistryTelemetry telemetry,
    ILogger<RunSubmission> logger)
{
    /// <param name="runId">The id to give a new run: a bus message's id, so a redelivered message finds the
    /// run it already created; a fresh id for HTTP.</param>
    public async Task<SubmissionResult> SubmitAsync(TrainRequested request, Guid runId, CancellationToken ct)
    {
        using var activity = RegistryTelemetry.ActivitySource.StartActivity("SubmitRun");
        var validation = await validator.ValidateAsync(request, ct);
        if (!validation.IsValid)
        {
            telemetry.RunRejected();
            logger.LogInformation("Rejected a run request for {Dataset}: {Problems}", request.Dataset, validation.Problems);
            return SubmissionResult.Rejected(validation.Problems);
        }
        var run = NewRun(request, runId, validation, parentId: null, sweepIndex: null, validation.Config!);
        var children = validation.SweepPoints
            .Select((point, index) => NewRun(request, Guid.CreateVersion7(), validation, runId, index, point))
            .ToList();
        var (id, created) = await store.InsertAsync(run, children, ct);
        activity?.SetTag("aevlp.run_id", id);
        if (created)
        {
            telemetry.RunAccepted(run.Dataset);
            logger.LogInformation("Accepted run {RunId} on {Dataset}@{Version} with {Children} sweep or search trials", id, run.Dataset, run.DatasetVersion, children.Count);
            await starter.StartAsync(id, ct);
        }
        return SubmissionResult.Accepted(id, created);
    }

    // A search's trials are stored unadmitted: RunStarter admits the first maxConcurrent once the search runs, SearchScheduler
    // the rest as slots free, so no trial (not even by the watchdog) starts before its search.
    private static NewRun NewRun(TrainRequested request, Guid id, RunValidation validation, Guid? parentId, int? sweepIndex, ValidatedConfig config) =>
        new(id, parentId is null ? request.IdempotencyKey : null, parentId, sweepIndex, IsSweep: parentId is null && validation.SweepPoints.Count > 0,
            request.RunName, request.RequestedBy, validation.Dataset!.Name, validation.Dataset.Version, config.Config.ToJsonString(),
            JsonSerializer.Serialize(config.Notes), JsonSerializer.Serialize(config.Assets, JsonSerializerOptions.Web), RunTrace.Current(),
            Search: parentId is null ? validation.Search?.ToJson().ToJsonString() : null,
            Admitted: parentId is null || validation.Search is null);
}
