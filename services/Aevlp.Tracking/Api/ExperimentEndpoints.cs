using Aevlp.Tracking.Client.Protocol;
using Aevlp.Tracking.Storage;

namespace Aevlp.Tracking.Api;

public static class ExperimentEndpoints
{
    public static void MapExperimentEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("experiments/create", async (MlflowRequest<CreateExperimentRequest> request, ExperimentStore store, CancellationToken ct) =>
            new CreateExperimentResponse(await store.CreateAsync(request.Value, ct)));

        api.MapGet("experiments/get", async (MlflowRequest<ExperimentQuery> request, ExperimentStore store, CancellationToken ct) =>
            new ExperimentResponse(await store.GetAsync(Require.ExperimentId(request.Value.ExperimentId), ct)));

        api.MapGet("experiments/get-by-name", async (MlflowRequest<ExperimentByNameQuery> request, ExperimentStore store, CancellationToken ct) =>
            new ExperimentResponse(await store.GetByNameAsync(Require.Field(request.Value.ExperimentName, "experiment_name"), ct)));

        api.MapPost("experiments/search-datasets", async (MlflowRequest<SearchDatasetsRequest> request, RunInputStore inputs, CancellationToken ct) =>
            new SearchDatasetsResponse(await inputs.SearchDatasetsAsync(RunInputStore.CheckExperimentIds(request.Value.ExperimentIds), ct)));

        api.MapMethods("experiments/search", ["GET", "POST"],
            async (MlflowRequest<SearchExperimentsRequest> request, ExperimentStore store, CancellationToken ct) =>
            {
                var (page, next) = await store.SearchAsync(request.Value, ct);
                return new SearchExperimentsResponse { Experiments = page, NextPageToken = next };
            });

        // Legacy route of MLflow < 2 that older clients (npm mlflow 2.0.7) still call.
        api.MapGet("experiments/list", async (MlflowRequest<ListExperimentsQuery> request, ExperimentStore store, CancellationToken ct) =>
        {
            var (page, _) = await store.SearchAsync(
                new SearchExperimentsRequest(request.Value.MaxResults ?? 50000, ViewType: request.Value.ViewType), ct);
            return new SearchExperimentsResponse { Experiments = page };
        });

        api.MapPost("experiments/update", async (MlflowRequest<UpdateExperimentRequest> request, ExperimentStore store, CancellationToken ct) =>
        {
            await store.RenameAsync(Require.ExperimentId(request.Value.ExperimentId), Require.Field(request.Value.NewName, "new_name"), ct);
            return MlflowApi.Empty;
        });

        api.MapPost("experiments/delete", (MlflowRequest<ExperimentIdRequest> request, ExperimentStore store, CancellationToken ct) =>
            SetStageAsync(request.Value, LifecycleStage.Deleted, store, ct));

        api.MapPost("experiments/restore", (MlflowRequest<ExperimentIdRequest> request, ExperimentStore store, CancellationToken ct) =>
            SetStageAsync(request.Value, LifecycleStage.Active, store, ct));

        api.MapPost("experiments/set-experiment-tag", async (MlflowRequest<SetExperimentTagRequest> request, ExperimentStore store, CancellationToken ct) =>
        {
            var key = Require.Key(request.Value.Key);
            await store.SetTagAsync(Require.ExperimentId(request.Value.ExperimentId), key,
                Require.Value(request.Value.Value, MlflowLimits.MaxTagValueLength, "tag", key), ct);
            return MlflowApi.Empty;
        });

        api.MapPost("experiments/delete-experiment-tag", async (MlflowRequest<DeleteExperimentTagRequest> request, ExperimentStore store, CancellationToken ct) =>
        {
            await store.DeleteTagAsync(Require.ExperimentId(request.Value.ExperimentId), Require.Key(request.Value.Key), ct);
            return MlflowApi.Empty;
        });
    }

    private static async Task<object> SetStageAsync(ExperimentIdRequest request, string stage, ExperimentStore store, CancellationToken ct)
    {
        await store.SetLifecycleStageAsync(Require.ExperimentId(request.ExperimentId), stage, ct);
        return MlflowApi.Empty;
    }
}
