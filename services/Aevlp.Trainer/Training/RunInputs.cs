using Aevlp.Contracts;
using Aevlp.ML.Data;
using Aevlp.ML.Npy;
using Aevlp.ML.Teachers;
using Aevlp.ML.Training;
using Aevlp.Storage;
using Microsoft.Extensions.Options;

namespace Aevlp.Trainer.Training;

/// <summary>What a TrainModel needs locally: the dataset version and the teacher logits from the machine's
/// cache (fetched once, reused by later runs), split as the config says, and the config as training options.</summary>
public sealed class RunInputs(LocalBlobCache cache, IOptions<TrainerOptions> options)
{
    public async Task<(TrainingData Data, TrainingOptions Options)> LoadAsync(TrainModel command, CancellationToken cancellationToken)
    {
        var trainingOptions = ForThisReplica(TrainingConfig.ToOptions(command.Config));
        var folder = await cache.GetFolderAsync(BlobLayout.Datasets, $"{command.Dataset}/{command.DatasetVersion}", cancellationToken);
        var dataset = SpmlDatasetLoader.Load(folder, Path.Combine(folder, "images"));
        var classes = DatasetManifest.Read(folder).Classes;
        var (valFraction, splitSeed) = TrainingConfig.Split(command.Config);
        var (trainRows, valRows) = TrainValSplit.Indices(dataset.OfficialTrain.Count, valFraction, splitSeed);
        // No test split: the evaluator scores the exported model, so scoring it here too would only cost time.
        var data = new TrainingData(dataset.OfficialTrain.SelectRows(trainRows), dataset.OfficialTrain.SelectRows(valRows), Test: null, classes)
        {
            // The logits follow the official train set's rows; the loop wants the train split's.
            Teacher = command.PseudoLabelKey is null ? null : (await TeacherLogitsAsync(command.PseudoLabelKey, cancellationToken)).SelectRows(trainRows),
        };
        return (data, trainingOptions);
    }

    private async Task<TeacherLogits> TeacherLogitsAsync(string key, CancellationToken cancellationToken)
    {
        var folder = await cache.GetFolderAsync(BlobLayout.PseudoLabels, key, cancellationToken);
        var file = Path.Combine(folder, TeacherLogitsManifest.LogitsFile);
        return TeacherLogits.FromNpy(NpyFile.Read(file), file);
    }

    private TrainingOptions ForThisReplica(TrainingOptions run) => run with
    {
        Device = string.IsNullOrEmpty(options.Value.Device) ? run.Device : options.Value.Device,
        Threads = options.Value.Threads > 0 ? options.Value.Threads : run.Threads,
    };
}
