using System.Text.Json;
using Aevlp.ML.Onnx;
using Aevlp.Tracking.Client;
using Aevlp.Tracking.Client.Protocol;

namespace Aevlp.Evaluator.Evaluation;

/// <summary>What the evaluator tells the experiment tracker: the exported model as the run's MLflow 3 logged model
/// (<see cref="RunModel.Name"/>, with its files, an <c>MLmodel</c> of the onnx flavor, and the test metrics), the test metrics
/// of spec §6 (percent) on the run, and the AP of each class as the artifact <see cref="ClassAveragePrecisionArtifact"/>
/// (as metrics, 80 COCO classes would crowd out the summary columns of the tracker's run table). Repeatable: a retry
/// finds the model the first attempt created.</summary>
public sealed class TestMetricsTracking(MlflowClient tracker, TimeProvider clock)
{
    public const string ClassAveragePrecisionArtifact = "test-class-ap.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <param name="model">The model the evaluation scored, whose files the logged model gets.</param>
    public async Task LogTestMetricsAsync(string trackingRunId, TestEvaluation evaluation, LocalModelCopy model, CancellationToken cancellationToken)
    {
        var run = await tracker.GetRunAsync(trackingRunId, cancellationToken);
        var logged = await tracker.FindRunModelAsync(run.Info.ExperimentId, trackingRunId, ct: cancellationToken) ?? await tracker.CreateLoggedModelAsync(new CreateLoggedModelRequest(
            run.Info.ExperimentId, RunModel.Name, SourceRunId: trackingRunId,
            Params: run.Data.Params.Take(MlflowLimits.MaxParamsPerBatch).Select(p => new LoggedModelParameter(p.Key, p.Value)).ToArray()), cancellationToken);
        var modelId = logged.Info.ModelId;
        await tracker.LogOutputsAsync(trackingRunId, [new ModelOutput(modelId, 0)], cancellationToken);
        await UploadModelFilesAsync(logged.Info, trackingRunId, evaluation.Manifest, model.Folder, cancellationToken);
        await tracker.LogBatchAsync(trackingRunId, Metrics(evaluation, modelId, run.Inputs?.DatasetInputs.FirstOrDefault()?.Dataset), ct: cancellationToken);
        using var json = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(evaluation.ClassAveragePrecision, Indented));
        await tracker.UploadArtifactAsync(run.Info, ClassAveragePrecisionArtifact, json, cancellationToken);
        await tracker.FinalizeLoggedModelAsync(modelId, LoggedModelStatus.Ready, cancellationToken);
    }

    private async Task UploadModelFilesAsync(LoggedModelInfo model, string runId, ModelManifest manifest, string folder, CancellationToken ct)
    {
        string[] files = [ModelManifest.OnnxFileName, ModelManifest.FileName];
        foreach (var file in files)
        {
            await using var content = File.OpenRead(Path.Combine(folder, file));
            await tracker.UploadArtifactAsync(model.ArtifactUri, file, content, ct);
        }
        var size = files.Sum(f => new FileInfo(Path.Combine(folder, f)).Length);
        var mlmodel = MlflowModelFile.Write(model.ModelId, runId, model.ArtifactUri, size, manifest, clock.GetUtcNow());
        using var text = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(mlmodel));
        await tracker.UploadArtifactAsync(model.ArtifactUri, MlflowModelFile.FileName, text, ct);
    }

    /// <summary>The run's test metrics, which are the model's too, computed on the run's dataset (its input).</summary>
    private Metric[] Metrics(TestEvaluation evaluation, string modelId, Dataset? dataset)
    {
        long now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var evaluated = evaluation.Evaluated;
        var m = evaluated.Metrics;
        Metric Model(string key, double value) => new(key, value, now, 0, dataset?.Name, dataset?.Digest, modelId);
        return
        [
            Model("test_map", m.Map), Model("test_cp", m.CP), Model("test_cr", m.CR), Model("test_cf1", m.CF1),
            Model("test_op", m.OP), Model("test_or", m.OR), Model("test_of1", m.OF1),
            new("evaluation_seconds", evaluated.Seconds, now),
        ];
    }
}
