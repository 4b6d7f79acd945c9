using System.Text.Json;
using Aevlp.Configuration;
using Aevlp.Contracts;
using Aevlp.ML.Data;
using Aevlp.ML.Npy;
using Aevlp.ML.Teachers;
using Aevlp.ML.Training;
using Aevlp.Registry.Api;
using Aevlp.Storage;
using Microsoft.Extensions.Options;

namespace Aevlp.Trainer.Training;

/// <summary>What a TrainModel needs locally: the dataset version, the teacher logits and the pretrained weights from the
/// machine's cache (fetched once, reused by later runs), split as the config says, and the config as training options.</summary>
public sealed class RunInputs(LocalBlobCache cache, IOptions<TrainerOptions> options)
{
    public async Task<(TrainingData Data, TrainingOptions Options)> LoadAsync(TrainModel command, CancellationToken cancellationToken)
    {
        var config = RunConfig.From(command.Config);
        var weightsFile = config.PretrainedWeights is { } weights && config.UsePretrained ? await WeightsFileAsync(weights, cancellationToken) : null;
        var trainingOptions = ForThisReplica(TrainingConfig.ToOptions(config, weightsFile));
        var folder = await cache.GetFolderAsync(BlobLayout.Datasets, $"{command.Dataset}/{command.DatasetVersion}", cancellationToken);
        var dataset = SpmlDatasetLoader.Load(folder, Path.Combine(folder, "images"));
        var classes = DatasetManifest.Read(folder).Classes;
        var splits = TrainingSplits.Of(dataset.OfficialTrain, config);
        // No test split: the evaluator scores the exported model, so scoring it here too would only cost time.
        var data = new TrainingData(splits.Train, splits.Val, Test: null, classes)
        {
            // The logits follow the official train set's rows; the loop wants the train split's.
            Teacher = command.PseudoLabelKey is null ? null : (await TeacherLogitsAsync(command.PseudoLabelKey, cancellationToken)).SelectRows(splits.TrainRows),
        };
        return (data, trainingOptions);
    }

    private async Task<string> WeightsFileAsync(string name, CancellationToken cancellationToken)
    {
        var folder = await cache.GetFolderAsync(BlobLayout.Weights, name, cancellationToken);
        var descriptor = JsonSerializer.Deserialize<WeightsSummary>(await File.ReadAllTextAsync(Path.Combine(folder, BlobLayout.WeightsDescriptor), cancellationToken),
            JsonSerializerOptions.Web) ?? throw new InvalidDataException($"{BlobLayout.Weights}/{name}/{BlobLayout.WeightsDescriptor}: empty");
        return Path.Combine(folder, descriptor.File);
    }

    private async Task<TeacherLogits> TeacherLogitsAsync(string key, CancellationToken cancellationToken)
    {
        var folder = await cache.GetFolderAsync(BlobLayout.PseudoLabels, key, cancellationToken);
        var file = Path.Combine(folder, TeacherLogitsManifest.LogitsFile);
        return TeacherLogits.FromNpy(NpyFile.Read(file), file);
    }

    private TrainingOptions ForThisReplica(TrainingOptions run) => run with
    {
        Device = options.Value.Device ?? run.Device,
        Threads = options.Value.Threads > 0 ? options.Value.Threads : run.Threads,
    };
}
