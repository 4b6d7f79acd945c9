using Aevlp.Registry.Api;
using Aevlp.Storage;
using Aevlp.Testing;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Dapper;
using Npgsql;

namespace Aevlp.Benchmarks.Scale;

/// <summary>What "every run ends exactly once, nothing lost, nothing done twice" means for a set of runs, checked against
/// PostgreSQL, blob storage and the tracker after a load or chaos run. Each broken rule is a line in <see cref="Problems"/>.</summary>
public sealed class RunLedger
{
    private static readonly string[] Terminal = [.. Enum.GetValues<RunStatus>().Where(s => s.IsTerminal()).Select(s => s.Text())];

    public List<string> Problems { get; } = [];

    public Dictionary<RunStatus, int> Statuses { get; } = [];

    /// <summary>Epochs trained again by a later attempt after a worker died: the tracker's val_map steps logged twice.</summary>
    public int EpochsRedone { get; private set; }

    public int ModelVersions { get; private set; }

    /// <summary>A status as PostgreSQL holds it (<see cref="RunStatuses.Text"/>).</summary>
    public static RunStatus Status(string text) => Enum.GetValues<RunStatus>().Single(status => status.Text() == text);

    public static async Task<RunLedger> CheckAsync(PlatformFixture platform, IReadOnlyCollection<Guid> runIds, CancellationToken ct)
    {
        var ledger = new RunLedger();
        await using var db = new NpgsqlConnection(await platform.ConnectionStringAsync("registrydb"));
        var ids = runIds.ToArray();
        var runs = (await db.QueryAsync<LedgerRun>(new CommandDefinition(
            "SELECT id AS Id, status AS Status, (config ->> 'num_epochs')::int AS NumEpochs, error AS Error, tracking_run_id AS TrackingRunId " +
            "FROM runs WHERE id = ANY(@ids)", new { ids }, cancellationToken: ct))).ToList();
        ledger.CheckStatuses(runIds, runs);
        await ledger.CheckEndsAsync(db, ids, ct);
        await ledger.CheckEpochsAsync(db, platform, runs, ct);
        var finished = runs.Where(r => r.Status == RunStatus.Finished.Text()).Select(r => r.Id).ToHashSet();
        await ledger.CheckModelVersionsAsync(db, platform, finished, ct);
        await ledger.CheckBlobsAsync(db, platform, ct);
        return ledger;
    }

    // Nobody cancels these runs and nothing in them is wrong: each must finish.
    private void CheckStatuses(IReadOnlyCollection<Guid> runIds, List<LedgerRun> runs)
    {
        if (runs.Count != runIds.Count) Problems.Add($"{runIds.Count - runs.Count} submitted runs are not in the registry");
        foreach (var run in runs)
        {
            var status = Status(run.Status);
            Statuses[status] = Statuses.GetValueOrDefault(status) + 1;
            if (status != RunStatus.Finished) Problems.Add($"run {run.Id} is {run.Status}{(run.Error is null ? "" : $": {run.Error}")}");
        }
    }

    // Ended exactly once: one terminal transition in each run's history.
    private async Task CheckEndsAsync(NpgsqlConnection db, Guid[] ids, CancellationToken ct)
    {
        var ends = await db.QueryAsync<(Guid RunId, long Ends)>(new CommandDefinition("""
            SELECT r.id, count(e.id) FROM runs r LEFT JOIN run_events e ON e.run_id = r.id AND e.kind = ANY(@Terminal)
            WHERE r.id = ANY(@ids) GROUP BY r.id HAVING count(e.id) <> 1
            """, new { ids, Terminal }, cancellationToken: ct));
        Problems.AddRange(ends.Select(e => $"run {e.RunId} ended {e.Ends} times"));
    }

    // Every epoch of a finished run recorded once in its history. An epoch trained again after its worker died between
    // publishing the epoch's end and storing its checkpoint is recorded once there (the later attempt's), and twice in the
    // tracker, whose metric history keeps every value logged at a step: that is what EpochsRedone counts.
    private async Task CheckEpochsAsync(NpgsqlConnection db, PlatformFixture platform,
        List<LedgerRun> runs, CancellationToken ct)
    {
        var finished = runs.Where(r => r.Status == RunStatus.Finished.Text()).ToDictionary(r => r.Id);
        var epochs = (await db.QueryAsync<(Guid RunId, int Epoch)>(new CommandDefinition(
            "SELECT run_id, (detail ->> 'epoch')::int FROM run_events WHERE kind = 'EpochEnded' AND run_id = ANY(@ids)",
            new { ids = finished.Keys.ToArray() }, cancellationToken: ct))).ToLookup(e => e.RunId, e => e.Epoch);
        foreach (var (id, run) in finished)
        {
            var recorded = epochs[id].Order().ToList();
            // Early stopping (spec §2) may end a run before its last epoch; the epochs it trained are 1..n, once each.
            if (recorded.Count == 0 || recorded.Count > run.NumEpochs || !recorded.SequenceEqual(Enumerable.Range(1, recorded.Count)))
            {
                Problems.Add($"run {id}: epochs recorded {string.Join(",", recorded)} of {run.NumEpochs}");
            }
            var steps = await platform.Tracker.GetMetricHistoryAsync(run.TrackingRunId!, "val_map", ct);
            EpochsRedone += steps.Count - steps.Select(step => step.Step).Distinct().Count();
        }
    }

    // One model version per finished run, in the registry and in the tracker, and none for a run that did not finish.
    private async Task CheckModelVersionsAsync(NpgsqlConnection db, PlatformFixture platform, HashSet<Guid> finished, CancellationToken ct)
    {
        var versions = (await db.QueryAsync<(Guid RunId, string TrackingVersion)>(new CommandDefinition(
            "SELECT run_id, tracking_version FROM model_versions WHERE run_id = ANY(@ids)",
            new { ids = finished.ToArray() }, cancellationToken: ct))).ToList();
        ModelVersions = versions.Count;
        Problems.AddRange(finished.Except(versions.Select(v => v.RunId)).Select(id => $"finished run {id} has no model version"));
        var tracked = new List<string>();
        string? page = null;
        do
        {
            var result = await platform.Tracker.SearchModelVersionsAsync($"name='{PlatformFixture.DemoDataset}'", 1000, page, ct);
            tracked.AddRange(result.ModelVersions.Select(v => v.RunId ?? ""));
            page = result.NextPageToken;
        } while (!string.IsNullOrEmpty(page));
        Problems.AddRange(tracked.Where(run => run != "").GroupBy(run => run).Where(g => g.Count() > 1)
            .Select(g => $"tracking run {g.Key} has {g.Count()} model versions in the tracker"));
    }

    // No orphan blob: every run folder belongs to a run the registry knows, an ended run keeps no checkpoint, no blob but a
    // lease marker is empty (uploads are single commits), and no chunk of a teacher pass outlives its merge.
    private async Task CheckBlobsAsync(NpgsqlConnection db, PlatformFixture platform, CancellationToken ct)
    {
        var runs = (await db.QueryAsync<(Guid Id, string Status)>(new CommandDefinition("SELECT id, status FROM runs", cancellationToken: ct)))
            .ToDictionary(r => BlobLayout.RunFolder(r.Id), r => r.Status);
        var container = platform.Blobs.Blob(BlobLayout.Run(Guid.Empty, "x")).GetParentBlobContainerClient();
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix: null, ct))
        {
            var folder = blob.Name.Split('/')[0];
            if (!runs.TryGetValue(folder, out var status)) Problems.Add($"orphan blob runs/{blob.Name}: no such run");
            else if (blob.Name.Contains("/checkpoints/", StringComparison.Ordinal) && Terminal.Contains(status)) Problems.Add($"runs/{blob.Name}: a checkpoint of an ended run");
            if (blob.Properties.ContentLength == 0 && !blob.Name.EndsWith(".lease", StringComparison.Ordinal)) Problems.Add($"runs/{blob.Name} is empty");
        }
        var labels = platform.Blobs.Blob(BlobLayout.PseudoLabel("x", "x")).GetParentBlobContainerClient();
        await foreach (var blob in labels.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix: null, ct))
        {
            if (blob.Name.Contains("/chunks-", StringComparison.Ordinal)) Problems.Add($"pseudo-labels/{blob.Name}: a chunk left after its pass");
        }
    }
}

/// <summary>A run as the ledger reads it from the registry's database.</summary>
internal sealed record LedgerRun(Guid Id, string Status, int NumEpochs, string? Error, string? TrackingRunId);
