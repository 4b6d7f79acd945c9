using System.Globalization;
using Aevlp.Configuration.Search;
using Aevlp.Contracts;
using Aevlp.Registry.Api;
using Aevlp.Registry.Models;
using Aevlp.Registry.Pipeline;
using Aevlp.Registry.Storage;
using Aevlp.Registry.Tracking;
using MassTransit;

namespace Aevlp.Registry.Search;

/// <summary>Runs a search's trials: keeps at most maxConcurrent of them admitted, stops the ones its early-stopping rule
/// gives up on after an epoch (they end PRUNED, their trainer freed by the same stop a cancel sends), and names the
/// best trial when the search ends. A grid sweep is a search with no cap and no early stopping.</summary>
public sealed class SearchScheduler(RunStore runs, SearchStore searches, ModelStore models, RunTransitions transitions, IServiceProvider services,
    IExperimentTracker tracker, IPublishEndpoint publisher, ILogger<SearchScheduler> logger)
{
    /// <summary>After a trial's epoch is recorded: stop it here if its search's rule says so.</summary>
    public async Task OnEpochAsync(EpochEnded ended, CancellationToken ct)
    {
        var trial = await runs.GetAsync(ended.RunId, ct);
        if (trial is { Status: RunStatus.Cancelling, Pruned: not null })
        {
            // Pruned, yet its trainer still trains: the stop went missing (or this is a redelivery). Say it again.
            await publisher.Publish(new RunCancellationRequested(trial.Id), ct);
            return;
        }
        if (trial is not { ParentId: { } parentId, Status: RunStatus.Running, CurrentStage: Stage.Training }) return;
        if ((await runs.GetAsync(parentId, ct))?.SearchSpec is not { EarlyStopping.Rule: not EarlyStoppingRule.None } search) return;
        var histories = await searches.TrialHistoriesAsync(parentId, search.Metric, ct);
        if (histories.FirstOrDefault(history => history.RunId == trial.Id) is not { } history || !history.MetricByEpoch.ContainsKey(ended.Epoch)) return;
        // Judged against what was recorded before this report, whenever this handler runs: the decision depends on the
        // order trials reached the epoch (ASHA's semantics), not on how fast the bus delivered.
        var known = histories.Select(other => other.Before(history.RecordedAs![ended.Epoch])).ToList();
        if (EarlyStoppingRules.Decide(search, history, ended.Epoch, ended.Epochs, known) is not { } decision) return;
        if (await transitions.PruneAsync(trial.Id, decision.ToJson(), ct) is not { } pruning) return;
        logger.LogInformation("Search {ParentId} stops trial {RunId}: {Reason}", parentId, trial.Id, decision.Reason);
        await publisher.Publish(new RunCancellationRequested(trial.Id), ct);
        await TagAsync(pruning.TrackingRunId, new Dictionary<string, string> { [TrackingTags.Pruned] = decision.Reason }, ct);
    }

    /// <summary>A trial ended: admit and start the waiting trials its slot (and any other free one) now allows.</summary>
    /// <returns>How many trials it admitted.</returns>
    public async Task<int> OnTrialEndedAsync(Guid parentId, CancellationToken ct)
    {
        if ((await runs.GetAsync(parentId, ct))?.SearchSpec is not { } search) return 0;
        // Resolved here, not injected: starting a run can end it (registration), and ending one comes back here.
        var starter = services.GetRequiredService<RunStarter>();
        var admitted = await searches.AdmitAsync(parentId, search.MaxConcurrent, ct);
        foreach (var trialId in admitted)
        {
            await starter.StartAsync(trialId, ct);
        }
        return admitted.Count;
    }

    /// <summary>The search (or sweep) ended: record its best finished trial (the first finished trial on its leaderboard) on the parent and its
    /// tracking run, and let that trial's model challenge the champion.</summary>
    public async Task OnEndedAsync(RunRecord parent, CancellationToken ct)
    {
        var trials = await runs.ChildrenAsync(parent.Id, ct);
        var board = await SearchLeaderboard.LoadAsync(parent, trials, searches, ct);
        if (board.Trials.FirstOrDefault(trial => trial.Status == RunStatus.Finished && trial.Metric is not null) is not { Metric: { } value } best) return;
        await searches.SetBestTrialAsync(parent.Id, best.Id, value, ct);
        logger.LogInformation("Search {ParentId} ended; best trial {RunId} with {Metric} {Value}", parent.Id, best.Id, board.Metric, value);
        await TagAsync(parent.TrackingRunId, new Dictionary<string, string>
        {
            [TrackingTags.BestTrial] = best.Id.ToString(),
            [TrackingTags.BestTrackingRun] = trials.Single(trial => trial.Id == best.Id).TrackingRunId ?? "",
            [TrackingTags.BestMetric] = $"{board.Metric}={value.ToString("G6", CultureInfo.InvariantCulture)}",
        }, ct);
        await ChallengeChampionAsync(best.Id, ct);
    }

    /// <summary>Only the winner challenges: were every trial to challenge on its own, the champion would be the best of
    /// the trials by test mAP, a choice made on the test split. The search chose its winner by its own metric (val mAP
    /// unless told otherwise); that one model then meets the champion on test, as a single run does.</summary>
    private async Task ChallengeChampionAsync(Guid winnerId, CancellationToken ct)
    {
        if (await models.ChallengeAsync(winnerId, ct) is not { IsChampion: true } version) return;
        logger.LogInformation("{Model} version {Version} from search winner {RunId} is the champion (test mAP {Map})",
            version.ModelName, version.Version, winnerId, version.TestMap);
        if (version.TrackingVersion is { } trackingVersion)
        {
            await MirrorAsync(() => tracker.SetAliasAsync(version.ModelName, ModelRegistrar.ChampionAlias, trackingVersion, ct),
                e => logger.LogWarning(e, "Could not move the alias {Alias} of {Model} to version {TrackingVersion} in the tracker",
                    ModelRegistrar.ChampionAlias, version.ModelName, trackingVersion));
        }
    }

    private Task TagAsync(string? trackingRunId, Dictionary<string, string> tags, CancellationToken ct) =>
        trackingRunId is null ? Task.CompletedTask
            : MirrorAsync(() => tracker.SetTagsAsync(trackingRunId, tags, ct),
                e => logger.LogWarning(e, "Could not tag tracking run {TrackingRunId} with {Tags}", trackingRunId, tags.Keys));

    /// <summary>Tags and aliases are what the tracker shows of a search's decisions, not the decisions: a tracker that fails
    /// here must not fail the message whose state change has already committed (its retry would find nothing left to do).</summary>
    private static async Task MirrorAsync(Func<Task> write, Action<Exception> warn)
    {
        try
        {
            await write();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            warn(e);
        }
    }
}
