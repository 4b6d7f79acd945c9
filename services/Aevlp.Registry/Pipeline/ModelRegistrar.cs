using Aevlp.Registry.Api;
using System.Text.Json;
using Aevlp.Contracts;
using Aevlp.Registry.Models;
using Aevlp.Registry.Storage;
using Aevlp.Registry.Tracking;
using MassTransit;

namespace Aevlp.Registry.Pipeline;

/// <summary>The registration stage: the evaluated model becomes the next version of the dataset's model, the
/// champion alias moves to it when its test mAP beats the champion's, the tracker's registry follows, and
/// the run is FINISHED. A search's trial does not challenge the champion here: its search's winner does, once the search
/// has ended (<see cref="Search.SearchScheduler"/>). Repeatable: a retry finds the version the first attempt created.</summary>
public sealed class ModelRegistrar(ModelStore models, RunTransitions transitions, IExperimentTracker tracker, RunCompletion completion,
    IPublishEndpoint publisher, ILogger<ModelRegistrar> logger)
{
    public const string ChampionAlias = "champion";

    public async Task RegisterAsync(RunRecord run, CancellationToken ct)
    {
        var metrics = JsonSerializer.Deserialize<TestMetrics>(run.TestMetrics!, JsonSerializerOptions.Web)!;
        var modelName = run.Dataset;
        var version = await models.RegisterAsync(modelName, run, metrics.Map, challenges: run.ParentId is null, ct);
        var trackingVersion = version.TrackingVersion
            ?? await tracker.RegisterModelVersionAsync(modelName, run.TrackingRunId!, run.ModelBlob!, ct);
        await models.SetTrackingVersionAsync(run.Id, trackingVersion, ct);
        if (version.IsChampion)
        {
            await tracker.SetAliasAsync(modelName, ChampionAlias, trackingVersion, ct);
        }
        logger.LogInformation("Registered {Model} version {Version} from run {RunId} (test mAP {Map}, champion: {IsChampion})",
            modelName, version.Version, run.Id, metrics.Map, version.IsChampion);

        var finished = await transitions.EndAsync(run.Id, Stage.Registration, run.Attempt, RunStatus.Finished, error: null, ct);
        if (finished is null) return;
        await completion.OnEndedAsync(finished, ct);
        await publisher.Publish(new ModelRegistered(run.Id, modelName, version.Version.ToString(), version.IsChampion, metrics.Map), ct);
    }
}
