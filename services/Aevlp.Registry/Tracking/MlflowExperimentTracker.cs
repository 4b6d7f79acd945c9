using System.Text.Json;
using Aevlp.ML.Data;
using Aevlp.Storage;
using Aevlp.Tracking.Client;
using Aevlp.Tracking.Client.Protocol;

namespace Aevlp.Registry.Tracking;

/// <summary>The registry's side of the experiment tracker, over the MLflow REST client: one experiment per
/// dataset, one tracking run per registry run (params = the resolved config), model versions with aliases.</summary>
public sealed class MlflowExperimentTracker(MlflowClient tracker) : IExperimentTracker
{
    public async Task<string> CreateRunAsync(TrackingRunRequest request, CancellationToken ct)
    {
        var experimentId = await tracker.GetOrCreateExperimentAsync(request.Experiment, ct);
        var tags = request.Tags.Select(tag => new RunTag(tag.Key, tag.Value)).ToList();
        var run = await tracker.CreateRunAsync(experimentId, request.RunName, tags, ct: ct);
        var parameters = request.Params.Select(param => new Param(param.Key, param.Value)).ToList();
        await tracker.LogBatchAsync(run.Info.RunId, @params: parameters, ct: ct);
        await tracker.LogInputsAsync(run.Info.RunId, [Input(request.Dataset)], ct);
        return run.Info.RunId;
    }

    /// <summary>MLflow's digest holds 36 characters: the manifest hash's first 36 hex digits, with the whole hash as an input
    /// tag. The source is the version's manifest in the platform's blob storage (source type "aevlp").</summary>
    private static DatasetInput Input(TrackedDataset dataset) => new(
        new Dataset(dataset.Name, dataset.ManifestSha256[..MlflowLimits.MaxDatasetDigestLength], SourceType,
            JsonSerializer.Serialize(new { uri = BlobLayout.Dataset(dataset.Name, dataset.Version, DatasetManifest.FileName).ToString() })),
        [new InputTag("mlflow.data.context", "train"), new InputTag("aevlp.dataset_version", dataset.Version),
            new InputTag("aevlp.manifest_sha256", dataset.ManifestSha256)]);

    public const string SourceType = "aevlp";

    public async Task SetRunStatusAsync(string trackingRunId, TrackingRunStatus status, CancellationToken ct)
    {
        if (status == TrackingRunStatus.Running)
        {
            await tracker.UpdateRunAsync(trackingRunId, RunStatus.Running, ct: ct);
            return;
        }
        await tracker.EndRunAsync(trackingRunId, status switch
        {
            TrackingRunStatus.Finished => RunStatus.Finished,
            TrackingRunStatus.Failed => RunStatus.Failed,
            _ => RunStatus.Killed,
        }, ct);
    }

    public Task SetTagsAsync(string trackingRunId, IReadOnlyDictionary<string, string> tags, CancellationToken ct) =>
        tracker.LogBatchAsync(trackingRunId, tags: [.. tags.Select(tag => new RunTag(tag.Key, tag.Value))], ct: ct);

    public async Task<string> RegisterModelVersionAsync(string modelName, string trackingRunId, string modelSource, CancellationToken ct)
    {
        try
        {
            await tracker.CreateRegisteredModelAsync(modelName, ct: ct);
        }
        catch (MlflowException e) when (e.ErrorCode == ErrorCodes.ResourceAlreadyExists)
        {
            // Registered by an earlier run: add a version to it.
        }
        var logged = await FindLoggedModelAsync(trackingRunId, ct);
        return (logged is null
            ? await tracker.CreateModelVersionAsync(modelName, modelSource, trackingRunId, ct: ct)
            : await tracker.CreateModelVersionAsync(modelName, $"models:/{logged}", trackingRunId, modelId: logged, ct: ct)).Version;
    }

    /// <summary>The run's logged model that the evaluator finalized, found as MLflow's <c>register_model("runs:/…/model")</c>
    /// finds it; null for a run evaluated before the evaluator logged models, whose version then points to the model blob.</summary>
    private async Task<string?> FindLoggedModelAsync(string trackingRunId, CancellationToken ct)
    {
        var run = await tracker.GetRunAsync(trackingRunId, ct);
        return (await tracker.FindRunModelAsync(run.Info.ExperimentId, trackingRunId, "READY", ct))?.Info.ModelId;
    }

    public Task SetAliasAsync(string modelName, string alias, string version, CancellationToken ct) =>
        tracker.SetAliasAsync(modelName, alias, version, ct);
}
