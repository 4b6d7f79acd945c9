using Aevlp.Registry.Api;
using Aevlp.Contracts;
using Aevlp.Registry.Models;
using Aevlp.Registry.Tests.Support;
using Aspire.Hosting.Testing;

namespace Aevlp.Registry.Tests;

/// <summary>The workers' events, published here as a worker would, move a run stage by stage; duplicates and
/// stale attempts change nothing.</summary>
[Collection(RegistryCollection.Name)]
public sealed class StageTransitionTests(RegistryFixture fixture)
{
    private readonly RegistryClient registry = new(fixture);
    private readonly Workers workers = new(fixture);

    [Fact]
    public async Task Events_move_a_run_through_every_stage_to_a_registered_model()
    {
        var dataset = await registry.NewDatasetAsync();
        var runId = await registry.StartRunAsync(new { dataset, runName = "walk", config = new { grid_size = 3 } });

        var pseudoLabels = await workers.PseudoLabelsCommandAsync(runId);
        Assert.Equal((dataset, "1", "clip-vit-b16", 3, 2), (pseudoLabels.Dataset, pseudoLabels.DatasetVersion, pseudoLabels.Teacher, pseudoLabels.GridSize, pseudoLabels.Variants));
        await workers.PublishAsync(new StageProgressed(runId, Stage.PseudoLabels, 1, Workers.Name, 40, 100, "images"));
        await registry.WaitForRunAsync(runId, run => run.Progress?["PseudoLabels"]?["done"]?.GetValue<long>() == 40);
        await workers.PublishAsync(Workers.PseudoLabelsReady(runId));

        var train = await workers.TrainCommandAsync(runId);
        Assert.Equal($"key-{runId:N}", train.PseudoLabelKey);
        Assert.Equal(3, train.Config["grid_size"]!.GetValue<int>());
        await workers.PublishAsync(new TrainingProgressed(runId, 1, Workers.Name, 1, 8, 120, 120, 0.42, 300));
        await workers.PublishAsync(new EpochEnded(runId, 1, Workers.Name, 1, 8, new EpochSummary(0.42, 61.5, 80, 70, 74.7, 30)));
        // Consumers run concurrently: the next report goes out once this one is in.
        await registry.WaitForRunAsync(runId, run => run.Progress?["Training"]?["lastEpoch"] is not null);
        await workers.PublishAsync(new TrainingProgressed(runId, 1, Workers.Name, 2, 8, 10, 120, 0.35, 310));
        var training = await registry.WaitForRunAsync(runId, run => run.Progress?["Training"]?["epoch"]?.GetValue<int>() == 2);
        Assert.Equal(61.5, training.Progress!["Training"]!["lastEpoch"]!["valMap"]!.GetValue<double>());
        Assert.Equal(74.7, training.Progress!["Training"]!["lastEpoch"]!["pseudoLabelF1"]!.GetValue<double>());
        Assert.Equal(Workers.Name, training.Worker);
        await workers.PublishAsync(Workers.Trained(runId));

        var evaluate = await workers.EvaluateCommandAsync(runId);
        Assert.Equal($"runs/{runId}/model.onnx", evaluate.ModelBlob);
        await workers.PublishAsync(Workers.Evaluated(runId, 72.5));

        var registered = await fixture.Messages.WaitForAsync<ModelRegistered>(m => m.RunId == runId);
        Assert.Equal((dataset, "1", true, 72.5), (registered.ModelName, registered.Version, registered.IsChampion, registered.TestMap));
        var finished = await registry.WaitForRunAsync(runId, run => run.Run.Status == RunStatus.Finished);
        Assert.Equal(72.5, finished.TestMetrics!["map"]!.GetValue<double>());
        Assert.Equal(["PseudoLabels", "Training", "Evaluation", "Registration"], finished.Stages.Select(s => s.Stage));
        Assert.All(finished.Stages, stage => Assert.NotNull(stage.EndedAt));
        // The workers' own measures; registration is the registry's and has none.
        Assert.Equal([1.5, 12, 3, null], finished.Stages.Select(s => s.ComputeSeconds));
        Assert.Contains(finished.Events, e => e.Kind == "EpochEnded" && e.Detail!["valMap"]!.GetValue<double>() == 61.5);
        Assert.Equal(finished.Links.TrackingRunId, (await fixture.Messages.WaitForAsync<RunAccepted>(a => a.RunId == runId)).TrackingRunId);
        var tracker = fixture.App.GetEndpoint("tracking", "http").AbsoluteUri.TrimEnd('/');
        Assert.Equal($"{tracker}/runs/{finished.Links.TrackingRunId}", finished.Links.TrackerRunUrl);
    }

    [Fact]
    public async Task Without_pseudo_labels_training_is_dispatched_first()
    {
        var dataset = await registry.NewDatasetAsync();
        var runId = await registry.StartRunAsync(new { dataset, config = new { use_pl = false } });

        var train = await workers.TrainCommandAsync(runId);

        Assert.Null(train.PseudoLabelKey);
        Assert.Empty(fixture.Messages.All<GeneratePseudoLabels>(c => c.RunId == runId));
        Assert.Equal("Training", (await registry.GetRunAsync(runId)).Run.Stage);
    }

    [Fact]
    public async Task Duplicate_and_stale_events_change_nothing()
    {
        var dataset = await registry.NewDatasetAsync();
        var runId = await registry.StartRunAsync(new { dataset });
        await workers.PseudoLabelsCommandAsync(runId);

        await workers.PublishAsync(Workers.PseudoLabelsReady(runId));
        await workers.PublishAsync(Workers.PseudoLabelsReady(runId));
        await workers.PublishAsync(Workers.Trained(runId, attempt: 2));
        await workers.TrainCommandAsync(runId);
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.Single(fixture.Messages.All<TrainModel>(c => c.RunId == runId));
        var run = await registry.GetRunAsync(runId);
        Assert.Equal(("Training", 1, RunStatus.Running), (run.Run.Stage, run.Run.Attempt, run.Run.Status));
    }

    [Fact]
    public async Task RunFailed_fails_the_run_with_its_stage_and_reason()
    {
        var dataset = await registry.NewDatasetAsync();
        var runId = await registry.StartRunAsync(new { dataset });
        await workers.PseudoLabelsCommandAsync(runId);

        await workers.PublishAsync(new RunFailed(runId, Stage.PseudoLabels, 1, "teacher fashion-demo not found"));

        var failed = await registry.WaitForRunAsync(runId, run => run.Run.Status == RunStatus.Failed);
        Assert.Equal(("PseudoLabels", "teacher fashion-demo not found"), (failed.Error!.Stage, failed.Error.Reason));
        Assert.NotNull(failed.Run.FinishedAt);
    }
}
