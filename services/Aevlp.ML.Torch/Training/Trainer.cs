using Aevlp.ML.Metrics;
using Aevlp.ML.Models;
using static TorchSharp.torch;

namespace Aevlp.ML.Training;

/// <summary>
/// The end-to-end training loop of spec §2: epochs of Adam steps on the chosen loss (with per-epoch GPR weights,
/// clean rate and re-drawn DAMP pseudo-labels), val mAP after each epoch, the best checkpoint kept, early stopping,
/// and test metrics of the best checkpoint.
/// </summary>
public static class Trainer
{
    /// <exception cref="Contracts.InvalidInputException">An option or the data is invalid; the message names the config field.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; checked before every batch.</exception>
    public static async Task<TrainingResult> RunAsync(TrainingData data, TrainingOptions options,
        TrainingHooks? hooks = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        data.Validate();
        options.Validate(data);
        hooks ??= new TrainingHooks();
        var device = TrainingDevice.Resolve(options.Device);
        TorchRuntime.UseThreads(options.Threads);
        manual_seed(options.Seed);

        using var session = new TrainingSession(data, options, device);
        try
        {
            if (hooks.ResumeFrom is not null) session.Restore(hooks.ResumeFrom);
            for (int epoch = session.State.CompletedEpochs + 1; epoch <= options.Epochs && !session.ShouldStop; epoch++)
            {
                var summary = await session.RunEpochAsync(epoch, hooks.Progress, cancellationToken);
                hooks.Progress?.Report(summary);
                if (hooks.SaveCheckpointAsync is not null)
                    await hooks.SaveCheckpointAsync(epoch, session.Checkpoint(), cancellationToken);
            }
            return await TestBestAsync(session, data, options, cancellationToken);
        }
        catch
        {
            session.Model.Dispose();
            throw;
        }
    }

    private static async Task<TrainingResult> TestBestAsync(TrainingSession session, TrainingData data, TrainingOptions options,
        CancellationToken cancellationToken)
    {
        session.LoadBestWeights();
        var state = session.State;
        var result = new TrainingResult(session.Model, state.Best.Epoch, state.Best.Map, TestMap: null, TestThresholdMetrics: null,
            state.CompletedEpochs, StoppedEarly: state.CompletedEpochs < options.Epochs);
        if (data.Test is null) return result;
        var scores = await session.ScoreAsync(data.Test, cancellationToken);
        var truth = data.Test.Labels.ToSbyte();
        return result with { TestMap = AveragePrecision.Compute(scores, truth), TestThresholdMetrics = ThresholdMetrics.Compute(scores, truth) };
    }
}
