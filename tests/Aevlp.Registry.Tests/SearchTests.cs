using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aevlp.Contracts;
using Aevlp.Registry.Api;
using Aevlp.Registry.Tests.Support;
using Aevlp.Testing;
using Aevlp.Tracking.Client;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Aevlp.Registry.Tests;

/// <summary>A search runs its trials under maxConcurrent, stops the ones its early-stopping rule gives up on (PRUNED, their
/// trainer told to stop as a cancel would), starts waiting trials as slots free, and names its best trial.</summary>
[Collection(RegistryCollection.Name)]
public sealed class SearchTests(RegistryFixture fixture)
{
    private readonly RegistryClient registry = new(fixture);
    private readonly Workers workers = new(fixture);

    private static object Asha(int trials, int maxConcurrent) => new
    {
        method = "random", trials, maxConcurrent, seed = 7,
        space = new { lr = new { logUniform = new[] { 1e-5, 1e-3 } } },
        // Rungs at epochs 1, 3, 9, …: with 3 epochs a trial is judged once, after its first.
        earlyStopping = new { type = "asha", gracePeriod = 1, reductionFactor = 3 },
    };

    /// <summary>A 3-epoch ASHA search with training first (no pseudo-labels) on a new dataset: its id and its trials in order.</summary>
    private async Task<(Guid ParentId, List<Guid> Trials)> StartSearchAsync(int trials, int maxConcurrent) =>
        await StartSearchAsync(await registry.NewDatasetAsync(), trials, maxConcurrent);

    private async Task<(Guid ParentId, List<Guid> Trials)> StartSearchAsync(string dataset, int trials, int maxConcurrent)
    {
        var parentId = await registry.StartRunAsync(new { dataset, config = new { use_pl = false, num_epochs = 3 }, search = Asha(trials, maxConcurrent) });
        return (parentId, (await registry.GetRunAsync(parentId)).Children.Select(child => child.Id).ToList());
    }

    private Task EpochAsync(Guid runId, int epoch, double valMap, int attempt = 1) =>
        workers.PublishAsync(new EpochEnded(runId, attempt, Workers.Name, epoch, Epochs: 3, new EpochSummary(0.5, valMap, null, null, null, 1)));

    [Fact]
    public async Task Asha_prunes_a_poor_trial_which_frees_its_slot_for_a_waiting_one_and_the_search_names_its_best()
    {
        var dataset = await registry.NewDatasetAsync();
        var (parentId, trials) = await StartSearchAsync(dataset, trials: 3, maxConcurrent: 2);
        await workers.TrainCommandAsync(trials[0]);
        await workers.TrainCommandAsync(trials[1]);
        Assert.Equal(RunStatus.Queued, (await registry.GetRunAsync(trials[2])).Run.Status);
        Assert.Empty(fixture.Messages.All<TrainModel>(command => command.RunId == trials[2]));

        await EpochAsync(trials[0], 1, valMap: 60);
        await registry.WaitForRunAsync(trials[0], run => run.Events.Any(e => e.Kind == "EpochEnded"));
        await EpochAsync(trials[1], 1, valMap: 40);
        await fixture.Messages.WaitForAsync<RunCancellationRequested>(stop => stop.RunId == trials[1]);
        var pruning = await registry.GetRunAsync(trials[1]);
        Assert.Equal(RunStatus.Cancelling, pruning.Run.Status);
        Assert.Equal(0, pruning.Pruned!["rung"]!.GetValue<int>());
        await workers.PublishAsync(new StageCancelled(trials[1], Stage.Training, 1));
        Assert.Equal(RunStatus.Pruned, (await registry.WaitUntilEndedAsync(trials[1], TimeSpan.FromSeconds(30))).Run.Status);

        await workers.TrainCommandAsync(trials[2]);
        // The val winner scores lower on test than the runner-up: the champion must still be the winner's model.
        foreach (var (trial, values, testMap) in new[] { (trials[2], new[] { 70.0, 72, 74 }, 50.0), (trials[0], new[] { 60.0, 62, 63 }, 60.0) })
        {
            for (var epoch = 1; epoch <= 3; epoch++) await EpochAsync(trial, epoch, values[epoch - 1]);
            await registry.WaitForRunAsync(trial, run => run.Events.Count(e => e.Kind == "EpochEnded") == 3);
            await workers.PublishAsync(Workers.Trained(trial));
            await workers.EvaluateCommandAsync(trial);
            await workers.PublishAsync(Workers.Evaluated(trial, testMap));
            Assert.False((await fixture.Messages.WaitForAsync<ModelRegistered>(m => m.RunId == trial)).IsChampion);
        }

        var parent = await registry.WaitForRunAsync(parentId, run => run.Run.Status.IsTerminal() && run.Search?.BestTrialId is not null);
        Assert.Equal(RunStatus.Finished, parent.Run.Status);
        var search = parent.Search!;
        Assert.Equal((trials[2], 74.0), (search.BestTrialId, search.BestMetric));
        Assert.Equal([trials[2], trials[0], trials[1]], search.Trials.Select(trial => trial.Id));
        Assert.Equal([74.0, 63, 40], search.Trials.Select(trial => trial.Metric));
        Assert.Equal([RunStatus.Finished, RunStatus.Finished, RunStatus.Pruned], search.Trials.Select(trial => trial.Status));
        Assert.Equal("asha", search.Settings!["earlyStopping"]!["type"]!.GetValue<string>());

        using var http = await fixture.App.CreateAuthorizedHttpClientAsync("tracking");
        var tracker = new MlflowClient(http);
        var prunedTags = (await tracker.GetRunAsync(pruning.Links.TrackingRunId!)).Data.Tags.ToDictionary(tag => tag.Key, tag => tag.Value);
        Assert.StartsWith("rung 0 (epoch 1): val_map 40", prunedTags["aevlp.pruned"]);
        Assert.Equal(parent.Links.TrackingRunId, prunedTags["mlflow.parentRunId"]);
        var parentTags = (await tracker.GetRunAsync(parent.Links.TrackingRunId!)).Data.Tags.ToDictionary(tag => tag.Key, tag => tag.Value);
        Assert.Equal(trials[2].ToString(), parentTags["aevlp.best_trial"]);

        var versions = (await fixture.Http.GetFromJsonAsync<List<ModelVersion>>($"/api/models/{dataset}/versions"))!;
        var champion = versions.Single(version => version.IsChampion);
        Assert.Equal((trials[2], 50.0), (champion.RunId, champion.TestMap));
        Assert.Equal(champion.TrackingVersion, (await tracker.GetModelVersionByAliasAsync(dataset, "champion")).Version);
    }

    [Fact]
    public async Task Cancelling_a_search_kills_its_running_and_its_waiting_trials()
    {
        var (parentId, trials) = await StartSearchAsync(trials: 3, maxConcurrent: 1);
        await workers.TrainCommandAsync(trials[0]);
        await EpochAsync(trials[0], 1, valMap: 60);
        await registry.WaitForRunAsync(trials[0], run => run.Worker is not null);

        (await registry.CancelRunAsync(parentId)).EnsureSuccessStatusCode();
        await fixture.Messages.WaitForAsync<RunCancellationRequested>(stop => stop.RunId == trials[0]);
        await workers.PublishAsync(new StageCancelled(trials[0], Stage.Training, 1));

        var parent = await registry.WaitUntilEndedAsync(parentId, TimeSpan.FromSeconds(30));
        Assert.Equal(RunStatus.Killed, parent.Run.Status);
        Assert.All(parent.Children, child => Assert.Equal(RunStatus.Killed, child.Status));
        Assert.Empty(fixture.Messages.All<TrainModel>(command => command.RunId == trials[1] || command.RunId == trials[2]));
    }

    [Fact]
    public async Task A_pruned_trial_whose_trainer_died_is_ended_pruned_by_the_watchdog()
    {
        var (parentId, trials) = await StartSearchAsync(trials: 2, maxConcurrent: 2);
        await Task.WhenAll(trials.Select(trial => workers.TrainCommandAsync(trial)));
        await EpochAsync(trials[0], 1, valMap: 60);
        await registry.WaitForRunAsync(trials[0], run => run.Events.Any(e => e.Kind == "EpochEnded"));

        await EpochAsync(trials[1], 1, valMap: 30);

        // No StageCancelled: the trainer holding it is gone. After the stage timeout the watchdog ends it, as what it is.
        var ended = await registry.WaitUntilEndedAsync(trials[1], RegistryFixture.StageTimeout * 4);
        Assert.Equal(RunStatus.Pruned, ended.Run.Status);
        Assert.Contains(ended.Events, e => e.Kind == "PRUNED");
    }

    [Fact]
    public async Task A_search_whose_next_step_was_lost_is_resumed_by_the_watchdog()
    {
        var (parentId, trials) = await StartSearchAsync(trials: 2, maxConcurrent: 1);
        await workers.TrainCommandAsync(trials[0]);

        // The trial ends behind the registry's back: as if it had stopped right after committing the end, before its search
        // admitted the next trial.
        await using (var database = new NpgsqlConnection(await fixture.ConnectionStringAsync("registrydb")))
        {
            await database.OpenAsync();
            await using var end = new NpgsqlCommand("UPDATE runs SET status = 'KILLED', finished_at = now() WHERE id = @id", database);
            end.Parameters.AddWithValue("id", trials[0]);
            Assert.Equal(1, await end.ExecuteNonQueryAsync());
        }

        await fixture.Messages.WaitForAsync<TrainModel>(command => command.RunId == trials[1], RegistryFixture.StageTimeout * 3);
        Assert.Equal(RunStatus.Running, (await registry.GetRunAsync(parentId)).Run.Status);
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public async Task A_search_with_problems_is_refused_with_every_one_listed_and_nothing_stored()
    {
        var dataset = await registry.NewDatasetAsync();
        var malformed = await ProblemsAsync(new
        {
            dataset, config = new { use_pl = false }, sweep = new { bsize = new[] { 8, 16 } },
            search = new { trials = 4, maxConcurrent = 0, space = new { lr = new { logUniform = new[] { 1e-3, 1e-5 } }, warmup = new { choice = new[] { 1 } } } },
        });
        // Well formed, but its trials draw values a key refuses, and its grace period outlasts every trial.
        var unworkable = await ProblemsAsync(new
        {
            dataset, config = new { use_pl = false, num_epochs = 2 },
            search = new { trials = 4, space = new { bsize = new { uniform = new[] { 4, 64 } } }, earlyStopping = new { type = "asha", gracePeriod = 2 } },
        });

        Assert.Equal(["search", "search.maxConcurrent", "search.space.lr.logUniform", "search.space.warmup"], malformed.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["search.earlyStopping.gracePeriod", "search.space.bsize"], unworkable.Keys.Order(StringComparer.Ordinal));
        Assert.Contains(unworkable["search.space.bsize"], message => message.EndsWith("(a number); expected an integer ≥ 1", StringComparison.Ordinal));
        var runs = await fixture.Http.GetFromJsonAsync<PaginatedItems<RunSummary>>("/api/runs?pageSize=100", JsonSerializerOptions.Web);
        Assert.DoesNotContain(runs!.Data, run => run.Dataset == dataset);
    }

    private async Task<IDictionary<string, string[]>> ProblemsAsync(object request)
    {
        var response = await registry.PostRunAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>())!.Errors;
    }
}
