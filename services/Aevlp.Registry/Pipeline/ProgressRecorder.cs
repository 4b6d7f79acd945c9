using Aevlp.Registry.Api;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aevlp.Contracts;
using Aevlp.Registry.Models;
using Aevlp.Registry.Search;
using Aevlp.Registry.Storage;
using MassTransit;

namespace Aevlp.Registry.Pipeline;

/// <summary>Keeps the latest progress of each stage on the run (what GET /api/runs/{id} shows) and refreshes
/// the watchdog's heartbeat; each ended epoch also goes into the run's history. A worker still reporting on a run that
/// was KILLED or FAILED is told again to stop. A search trial's epoch goes to its search, which may stop the trial there.</summary>
public sealed class ProgressRecorder(RunHistory history, RunStore runs, SearchScheduler searches, IPublishEndpoint publisher,
    ILogger<ProgressRecorder> logger)
{
    /// <summary>A worker took the command: the first heartbeat, and the worker's name on the run and on the stage attempt,
    /// before it reports any progress.</summary>
    public async Task RecordAsync(StageReceived received, CancellationToken ct)
    {
        await history.RecordReceivedAsync(received.RunId, received.Stage, received.Attempt, received.Worker, ct);
        await RecordAsync(received.RunId, received.Stage, received.Attempt, received.Worker, [], epoch: null, ct);
    }

    public Task RecordAsync(StageProgressed progressed, CancellationToken ct) =>
        RecordAsync(progressed.RunId, progressed.Stage, progressed.Attempt, progressed.Worker, new JsonObject
        {
            ["done"] = progressed.Done,
            ["total"] = progressed.Total,
            ["unit"] = progressed.Unit,
        }, epoch: null, ct);

    public Task RecordAsync(TrainingProgressed progressed, CancellationToken ct) =>
        RecordAsync(progressed.RunId, Stage.Training, progressed.Attempt, progressed.Worker, new JsonObject
        {
            ["epoch"] = progressed.Epoch,
            ["epochs"] = progressed.Epochs,
            ["batch"] = progressed.Batch,
            ["batches"] = progressed.Batches,
            ["loss"] = progressed.Loss,
            ["imagesPerSecond"] = progressed.ImagesPerSecond,
        }, epoch: null, ct);

    public async Task RecordAsync(EpochEnded ended, CancellationToken ct)
    {
        var epoch = JsonSerializer.SerializeToNode(ended.Summary, JsonSerializerOptions.Web)!.AsObject();
        epoch["epoch"] = ended.Epoch;
        // Who trained which epoch: after a replica dies, the history shows where the run resumed.
        epoch["worker"] = ended.Worker;
        var progress = new JsonObject { ["epochs"] = ended.Epochs, ["lastEpoch"] = epoch.DeepClone() };
        if (await RecordAsync(ended.RunId, Stage.Training, ended.Attempt, ended.Worker, progress, epoch, ct))
        {
            await searches.OnEpochAsync(ended, ct);
        }
    }

    /// <returns>Whether the report was the run's current attempt's, and so recorded.</returns>
    private async Task<bool> RecordAsync(Guid runId, Stage stage, int attempt, string worker, JsonObject progress, JsonObject? epoch, CancellationToken ct)
    {
        if (await history.RecordProgressAsync(runId, stage, attempt, worker, progress.ToJsonString(), epoch?.ToJsonString(), ct)) return true;
        if (await runs.GetAsync(runId, ct) is { Status: RunStatus.Killed or RunStatus.Failed or RunStatus.Pruned } ended)
        {
            // A run cancelled while its command still waited in a queue is KILLED at once, and the one cancellation
            // went out before any worker held it; the worker that takes the command later would train it to the end
            // for nothing. Its first report is the moment to stop it. (Also a worker outlived by the watchdog's last attempt.)
            logger.LogInformation("Run {RunId} is {Status} but {Worker} reports {Stage} attempt {Attempt}: asking it to stop",
                runId, ended.Status, worker, stage, attempt);
            await publisher.Publish(new RunCancellationRequested(runId), ct);
            return false;
        }
        logger.LogDebug("Ignored progress of {Stage} attempt {Attempt} of run {RunId}: not its current attempt", stage, attempt, runId);
        return false;
    }
}
