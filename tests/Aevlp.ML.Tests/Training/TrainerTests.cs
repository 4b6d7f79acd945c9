using Aevlp.ML.Models;
using Aevlp.ML.Training;
using static TorchSharp.torch;

namespace Aevlp.ML.Tests.Training;

[Collection(LibTorchGlobalState.Name)]
public class TrainerTests(ShapesRun run) : IClassFixture<ShapesRun>
{
    [Fact]
    public async Task Tiny_run_beats_chance_and_repeats_bit_for_bit()
    {
        var firstProgress = new List<TrainingProgress>();
        var tested = await Trainer.RunAsync(run.Data, ShapesRun.Options, new TrainingHooks { Progress = new Recorder(firstProgress) });
        using var first = tested.Model;
        // Without a test split (the platform's trainer) the run is the same, only not scored on test.
        var result = await Trainer.RunAsync(run.Data with { Test = null }, ShapesRun.Options);
        using var second = result.Model;

        double chance = 100.0 * run.Data.Val.Labels.Values.Average();
        Assert.True(result.BestValidationMap > chance + 20, $"val mAP {result.BestValidationMap:F1}, chance ≈ {chance:F1}");
        Assert.Equal(Weights(first), Weights(second));
        Assert.NotNull(tested.TestMap);
        Assert.Null(result.TestMap);
        var summaries = firstProgress.OfType<EpochSummary>().ToList();
        Assert.Equal([1, 2], summaries.Select(s => s.Epoch));
        Assert.All(summaries, s => Assert.NotNull(s.PseudoLabels));
        Assert.Equal(12 * 2, firstProgress.OfType<BatchProgress>().Count());
    }

    [Fact]
    public async Task Resumed_run_ends_bit_identical_to_an_uninterrupted_one()
    {
        var uninterrupted = new Dictionary<int, byte[]>();
        using ((await Trainer.RunAsync(run.Data, ShapesRun.Options, Saving(uninterrupted))).Model) { }

        using var stop = new CancellationTokenSource();
        var interrupted = new Dictionary<int, byte[]>();
        var hooks = Saving(interrupted) with { SaveCheckpointAsync = (epoch, bytes, _) => { interrupted[epoch] = bytes.ToArray(); stop.Cancel(); return Task.CompletedTask; } };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Trainer.RunAsync(run.Data, ShapesRun.Options, hooks, stop.Token));
        var resumed = new Dictionary<int, byte[]>();
        using ((await Trainer.RunAsync(run.Data, ShapesRun.Options, Saving(resumed) with { ResumeFrom = new MemoryStream(interrupted[1]) })).Model) { }

        Assert.Equal([1], interrupted.Keys);
        Assert.Equal([2], resumed.Keys);
        Assert.Equal(uninterrupted[1], interrupted[1]);
        Assert.Equal(uninterrupted[2], resumed[2]);
    }

    [Fact]
    public async Task Checkpoint_of_another_run_is_refused()
    {
        var saved = new Dictionary<int, byte[]>();
        var oneEpoch = TrainingConfig.ToOptions(ShapesRun.Config with { Epochs = 1, Loss = Loss.An });
        using ((await Trainer.RunAsync(run.Data, oneEpoch, Saving(saved))).Model) { }

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Trainer.RunAsync(
            run.Data, ShapesRun.Options, new TrainingHooks { ResumeFrom = new MemoryStream(saved[1]) }));
        Assert.Contains("loss=an", error.Message);
    }

    [Fact]
    public async Task Missing_teacher_logits_name_the_loss()
    {
        var error = await Assert.ThrowsAsync<Contracts.InvalidInputException>(() => Trainer.RunAsync(run.Data with { Teacher = null }, ShapesRun.Options));

        Assert.Contains("teacher logits", error.Message);
        Assert.Contains("gpr", error.Message);
    }

    [Fact]
    public async Task Cancellation_stops_within_a_batch()
    {
        using var stop = new CancellationTokenSource();
        var hooks = new TrainingHooks { Progress = new Recorder([], onBatch: stop.Cancel) };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Trainer.RunAsync(run.Data, ShapesRun.Options, hooks, stop.Token));
    }

    private static TrainingHooks Saving(Dictionary<int, byte[]> checkpoints) => new()
    {
        SaveCheckpointAsync = (epoch, bytes, _) =>
        {
            checkpoints[epoch] = bytes.ToArray();
            return Task.CompletedTask;
        },
    };

    private static byte[] Weights(MultiLabelClassifier model)
    {
        using var buffer = new MemoryStream();
        model.save(buffer);
        return buffer.ToArray();
    }

    /// <summary>Synchronous IProgress (Progress&lt;T&gt; posts to the thread pool, which would reorder reports).</summary>
    private sealed class Recorder(List<TrainingProgress> reports, Action? onBatch = null) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            reports.Add(value);
            if (value is BatchProgress) onBatch?.Invoke();
        }
    }
}
