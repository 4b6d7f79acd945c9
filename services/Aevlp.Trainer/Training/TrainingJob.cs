using Aevlp.Contracts;
using Aevlp.ML.Onnx;
using Aevlp.ML.Training;
using Aevlp.Storage;
using Aevlp.Trainer.Telemetry;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Aevlp.Trainer.Training;

/// <summary>One run's training on this replica: fetch its data, resume from its latest checkpoint, train with
/// Aevlp.ML, store a checkpoint after every epoch, export the best model to ONNX.</summary>
public sealed class TrainingJob(
    BlobStore store,
    RunInputs inputs,
    EpochTracking tracker,
    TrainerTelemetry telemetry,
    IOptions<TrainerOptions> options,
    ILogger<TrainingJob> logger)
{
    public async Task<ModelTrained> RunAsync(TrainModel command, IPublishEndpoint bus, CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        var (data, trainingOptions) = await inputs.LoadAsync(command, cancellationToken);
        var checkpoints = new RunCheckpoints(store, command.RunId);
        await using var resumeFrom = await checkpoints.OpenLatestAsync(cancellationToken);
        if (resumeFrom is not null) logger.LogInformation("Run {RunId} resumes from its latest checkpoint", command.RunId);

        // Disposed (drained) before this method returns, so every epoch's report precedes ModelTrained.
        await using var progress = new ProgressForwarder(command, bus, tracker, telemetry, options.Value, logger, trainingOptions.Epochs, cancellationToken);
        var hooks = new TrainingHooks
        {
            Progress = progress,
            ResumeFrom = resumeFrom,
            SaveCheckpointAsync = async (epoch, checkpoint, ct) =>
            {
                await progress.EpochForwardedAsync(epoch, ct);
                await checkpoints.SaveAsync(epoch, checkpoint, ct);
            },
        };
        var result = await ML.Training.Trainer.RunAsync(data, trainingOptions, hooks, cancellationToken);
        using var model = result.Model;

        var (onnx, card) = await ExportAsync(command.RunId, result, trainingOptions, data.ClassNames, cancellationToken);
        logger.LogInformation("Run {RunId} trained: best epoch {Epoch}, val mAP {Map:F2}", command.RunId, result.BestEpoch, result.BestValidationMap);
        return new ModelTrained(command.RunId, command.Attempt, onnx.ToString(), card.ToString(), result.BestEpoch,
            result.BestValidationMap, (DateTime.UtcNow - started).TotalSeconds);
    }

    private async Task<(BlobPath Onnx, BlobPath Card)> ExportAsync(Guid runId, TrainingResult result, TrainingOptions trainingOptions,
        IReadOnlyList<string> classes, CancellationToken cancellationToken)
    {
        var onnx = BlobLayout.Run(runId, ModelManifest.OnnxFileName);
        var card = BlobLayout.Run(runId, ModelManifest.FileName);
        using (var buffer = new MemoryStream())
        {
            OnnxExporter.Export(result.Model, trainingOptions.ImageSize, buffer);
            buffer.Position = 0;
            await store.UploadAsync(onnx, buffer, cancellationToken);
        }
        using (var buffer = new MemoryStream())
        {
            ModelManifest.Create(trainingOptions.Architecture, classes, trainingOptions.ImageSize,
                ML.Models.Architectures.Normalization(trainingOptions.Architecture)).Write(buffer);
            buffer.Position = 0;
            await store.UploadAsync(card, buffer, cancellationToken);
        }
        return (onnx, card);
    }
}
