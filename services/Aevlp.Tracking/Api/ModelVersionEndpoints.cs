using Aevlp.Tracking.Client.Protocol;
using Aevlp.Tracking.Registry;

namespace Aevlp.Tracking.Api;

public static class ModelVersionEndpoints
{
    public static void MapModelVersionEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("model-versions/create", async (MlflowRequest<CreateModelVersionRequest> request, ModelVersionStore versions, CancellationToken ct) =>
            new ModelVersionResponse(await versions.CreateAsync(request.Value, ct)));

        api.MapGet("model-versions/get", async (MlflowRequest<ModelVersionRequest> request, ModelVersionStore versions, CancellationToken ct) =>
            new ModelVersionResponse(await versions.GetAsync(Require.Field(request.Value.Name, "name"), Require.Version(request.Value.Version), ct)));

        api.MapGet("model-versions/search", async (MlflowRequest<RegistrySearchQuery> request, ModelVersionStore versions, CancellationToken ct) =>
        {
            var q = request.Value;
            var (page, next) = await versions.SearchAsync(q.Filter, q.MaxResults, q.OrderBy, q.PageToken, ct);
            return new SearchModelVersionsResponse { ModelVersions = page, NextPageToken = next };
        });

        api.MapPatch("model-versions/update", async (MlflowRequest<UpdateModelVersionRequest> request, ModelVersionStore versions, CancellationToken ct) =>
        {
            var r = request.Value;
            var (name, version) = (Require.Field(r.Name, "name"), Require.Version(r.Version));
            await versions.UpdateDescriptionAsync(name, version, r.Description, ct);
            return new ModelVersionResponse(await versions.GetAsync(name, version, ct));
        });

        api.MapDelete("model-versions/delete", async (MlflowRequest<ModelVersionRequest> request, ModelVersionStore versions, CancellationToken ct) =>
        {
            await versions.DeleteAsync(Require.Field(request.Value.Name, "name"), Require.Version(request.Value.Version), ct);
            return MlflowApi.Empty;
        });

        api.MapPost("model-versions/transition-stage", async (MlflowRequest<TransitionStageRequest> request, ModelVersionStore versions, CancellationToken ct) =>
        {
            var r = request.Value;
            return new ModelVersionResponse(await versions.TransitionAsync(Require.Field(r.Name, "name"), Require.Version(r.Version),
                Require.Field(r.Stage, "stage"), r.ArchiveExistingVersions ?? false, ct));
        });

        api.MapGet("model-versions/get-download-uri", async (MlflowRequest<ModelVersionRequest> request, ModelVersionStore versions, CancellationToken ct) =>
            new DownloadUriResponse(await versions.DownloadUriAsync(Require.Field(request.Value.Name, "name"), Require.Version(request.Value.Version), ct)));

        api.MapPost("model-versions/set-tag", async (MlflowRequest<SetModelVersionTagRequest> request, ModelVersionStore versions, CancellationToken ct) =>
        {
            var r = request.Value;
            var key = Require.Key(r.Key);
            await versions.SetTagAsync(Require.Field(r.Name, "name"), Require.Version(r.Version), key,
                Require.Value(r.Value, MlflowLimits.MaxTagValueLength, "tag", key), ct);
            return MlflowApi.Empty;
        });

        api.MapDelete("model-versions/delete-tag", async (MlflowRequest<DeleteModelVersionTagRequest> request, ModelVersionStore versions, CancellationToken ct) =>
        {
            var r = request.Value;
            await versions.DeleteTagAsync(Require.Field(r.Name, "name"), Require.Version(r.Version), Require.Key(r.Key), ct);
            return MlflowApi.Empty;
        });
    }
}
