using Aevlp.Contracts;
using Aevlp.ML;
using Aevlp.Evaluator.Telemetry;
using Aevlp.ML.Data;
using Aevlp.ML.Inference;
using Aevlp.ML.Metrics;
using Aevlp.ML.Npy;
using Aevlp.Storage;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Aevlp.Evaluator.Evaluation;

/// <summary>What an evaluation found: the event the registry gets, and the AP of each class (percent, by class name),
/// which only the tracker keeps, with the card of the model it scored, which the tracker keeps too.</summary>
public sealed record TestEvaluation(ModelEvaluated Evaluated, IReadOnlyDictionary<string, double> ClassAveragePrecision,
    ML.Onnx.ModelManifest Manifest);

/// <summary>Scores the test split with the run's ONNX model in batches and computes every metric of spec §6;
/// the predictions are kept as <c>runs/{runId}/test-predictions.npy</c>.</summary>
public sealed class ModelEvaluation(
    BlobStore store,
    LocalBlobCache cache,
    OnnxExecution execution,
    EvaluatorTelemetry telemetry,
    IOptions<EvaluatorOptions> options,
    ILogger<ModelEvaluation> logger)
{
    /// <param name="model">The run's model, downloaded by <see cref="DownloadModelAsync"/>.</param>
    public async Task<TestEvaluation> RunAsync(EvaluateModel command, LocalModelCopy model, IPublishEndpoint bus, CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        var datasetFolder = await cache.GetFolderAsync(BlobLayout.Datasets, $"{command.Dataset}/{command.DatasetVersion}", cancellationToken);
        var test = SpmlDatasetLoader.Load(datasetFolder, Path.Combine(datasetFolder, "images")).Test;
        using var classifier = OnnxClassifier.Open(model.Folder, execution);
        if (classifier.Manifest.Classes.Count != test.Classes)
        {
            throw new InvalidDataException($"model.json lists {classifier.Manifest.Classes.Count} classes; dataset {command.Dataset}@{command.DatasetVersion} has {test.Classes}");
        }

        var scores = await ScoreAsync(command, classifier, test, bus, cancellationToken);
        var truth = new RowMajorMatrix<sbyte>(Array.ConvertAll(test.Labels.Values, v => (sbyte)v), test.Count, test.Classes);
        var scoreMatrix = new RowMajorMatrix<double>(scores, test.Count, test.Classes);
        var map = AveragePrecision.Compute(scoreMatrix, truth);
        var thresholded = ThresholdMetrics.Compute(scoreMatrix, truth);
        var predictions = await SavePredictionsAsync(command.RunId, scores, test, cancellationToken);
        telemetry.TestMap.Record(map.MeanPercent);
        logger.LogInformation("Run {RunId}: test mAP {Map:F2} on {Images} images", command.RunId, map.MeanPercent, test.Count);
        var metrics = new TestMetrics(map.MeanPercent, thresholded.ClassAveragedPrecision, thresholded.ClassAveragedRecall,
            thresholded.ClassAveragedF1, thresholded.OverallPrecision, thresholded.OverallRecall, thresholded.OverallF1);
        var evaluated = new ModelEvaluated(command.RunId, command.Attempt, metrics, predictions.ToString(), (DateTime.UtcNow - started).TotalSeconds);
        return new TestEvaluation(evaluated, classifier.Manifest.Classes.Zip(map.ClassPercent).ToDictionary(c => c.First, c => c.Second),
            classifier.Manifest);
    }

    /// <summary>Decided once per process and logged, so the dashboard shows where models are scored and why.</summary>
    public static OnnxExecution DetectExecution(IServiceProvider services)
    {
        var settings = services.GetRequiredService<IOptions<EvaluatorOptions>>().Value;
        var detected = OnnxExecution.Detect(settings.PreferCuda, settings.IntraOpThreads);
        services.GetRequiredService<ILogger<ModelEvaluation>>()
            .LogInformation("Models are scored on {Provider}: {Reason}", detected.Provider, detected.Reason);
        return detected;
    }

    private async Task<double[]> ScoreAsync(EvaluateModel command, OnnxClassifier classifier, SpmlSplit test, IPublishEndpoint bus,
        CancellationToken cancellationToken)
    {
        var scores = new double[test.Count * test.Classes];
        int batchSize = options.Value.BatchSize;
        for (int start = 0; start < test.Count; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var paths = Enumerable.Range(start, Math.Min(batchSize, test.Count - start)).Select(test.FullImagePath).ToList();
            classifier.Predict(paths).CopyTo(scores, start * test.Classes);
            telemetry.ImagesScored.Add(paths.Count);
            await bus.Publish(new StageProgressed(command.RunId, Stage.Evaluation, command.Attempt, options.Value.Worker,
                start + paths.Count, test.Count, "images"), cancellationToken);
        }
        return scores;
    }

    /// <summary>The run's ONNX model and its card, in a folder of their own that the caller disposes of when the delivery
    /// is done with them (the tracker gets them after the evaluation).</summary>
    public async Task<LocalModelCopy> DownloadModelAsync(EvaluateModel command, CancellationToken cancellationToken)
    {
        var onnx = BlobPath.Parse(command.ModelBlob);
        var copy = new LocalModelCopy(Path.Combine(options.Value.CacheDir, "models", $"{command.RunId:N}-{command.Attempt}"));
        try
        {
            Directory.CreateDirectory(copy.Folder);
            await store.Blob(onnx).DownloadToAsync(Path.Combine(copy.Folder, ML.Onnx.ModelManifest.OnnxFileName), cancellationToken);
            var card = onnx with { Name = onnx.Name[..(onnx.Name.LastIndexOf('/') + 1)] + ML.Onnx.ModelManifest.FileName };
            await store.Blob(card).DownloadToAsync(Path.Combine(copy.Folder, ML.Onnx.ModelManifest.FileName), cancellationToken);
            return copy;
        }
        catch
        {
            copy.Dispose();
            throw;
        }
    }

    private async Task<BlobPath> SavePredictionsAsync(Guid runId, double[] scores, SpmlSplit test, CancellationToken cancellationToken)
    {
        var path = BlobLayout.Run(runId, "test-predictions.npy");
        using var buffer = new MemoryStream();
        NpyFile.Write(buffer, NpyArray.Of(Array.ConvertAll(scores, s => (float)s), test.Count, test.Classes));
        buffer.Position = 0;
        await store.UploadAsync(path, buffer, cancellationToken);
        return path;
    }
}
