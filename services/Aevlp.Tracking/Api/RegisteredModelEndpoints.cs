using Aevlp.Tracking.Client.Protocol;
using Aevlp.Tracking.Registry;

namespace Aevlp.Tracking.Api;

public static class RegisteredModelEndpoints
{
    public static void MapRegisteredModelEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("registered-models/create", async (MlflowRequest<CreateRegisteredModelRequest> request, RegisteredModelStore models, CancellationToken ct) =>
            new RegisteredModelResponse(await models.CreateAsync(request.Value, ct)));

        api.MapGet("registered-models/get", async (MlflowRequest<RegisteredModelNameRequest> request, RegisteredModelStore models, CancellationToken ct) =>
            new RegisteredModelResponse(await models.GetAsync(Require.Field(request.Value.Name, "name"), ct)));

        api.MapGet("registered-models/search", async (MlflowRequest<RegistrySearchQuery> request, RegisteredModelStore models, CancellationToken ct) =>
        {
            var q = request.Value;
            var (page, next) = await models.SearchAsync(q.Filter, q.MaxResults, q.OrderBy, q.PageToken, ct);
            return new SearchRegisteredModelsResponse { RegisteredModels = page, NextPageToken = next };
        });

        api.MapPost("registered-models/rename", async (MlflowRequest<RenameRegisteredModelRequest> request, RegisteredModelStore models, CancellationToken ct) =>
            new RegisteredModelResponse(await models.RenameAsync(Require.Field(request.Value.Name, "name"), Require.Field(request.Value.NewName, "new_name"), ct)));

        api.MapPatch("registered-models/update", async (MlflowRequest<UpdateRegisteredModelRequest> request, RegisteredModelStore models, CancellationToken ct) =>
            new RegisteredModelResponse(await models.UpdateAsync(Require.Field(request.Value.Name, "name"), request.Value.Description, ct)));

        api.MapDelete("registered-models/delete", async (MlflowRequest<RegisteredModelNameRequest> request, RegisteredModelStore models, CancellationToken ct) =>
        {
            await models.DeleteAsync(Require.Field(request.Value.Name, "name"), ct);
            return MlflowApi.Empty;
        });

        api.MapPost("registered-models/set-tag", async (MlflowRequest<SetRegisteredModelTagRequest> request, RegisteredModelStore models, CancellationToken ct) =>
        {
            var r = request.Value;
            var key = Require.Key(r.Key);
            await models.SetTagAsync(Require.Field(r.Name, "name"), key, Require.Value(r.Value, MlflowLimits.MaxTagValueLength, "tag", key), ct);
            return MlflowApi.Empty;
        });

        api.MapDelete("registered-models/delete-tag", async (MlflowRequest<DeleteRegisteredModelTagRequest> request, RegisteredModelStore models, CancellationToken ct) =>
        {
            await models.DeleteTagAsync(Require.Field(request.Value.Name, "name"), Require.Key(request.Value.Key), ct);
            return MlflowApi.Empty;
        });

        // MLflow serves it on POST (its clients' verb) and GET.
        api.MapMethods("registered-models/get-latest-versions", ["GET", "POST"],
            async (MlflowRequest<GetLatestVersionsRequest> request, RegisteredModelStore models, CancellationToken ct) =>
                new GetLatestVersionsResponse
                {
                    ModelVersions = await models.LatestVersionsAsync(Require.Field(request.Value.Name, "name"), request.Value.Stages ?? [], ct),
                });

        api.MapPost("registered-models/alias", async (MlflowRequest<SetRegisteredModelAliasRequest> request, RegisteredModelStore models, CancellationToken ct) =>
        {
            var r = request.Value;
            await models.SetAliasAsync(Require.Field(r.Name, "name"), Require.Field(r.Alias, "alias"), Require.Version(r.Version), ct);
            return MlflowApi.Empty;
        });

        api.MapGet("registered-models/alias", async (MlflowRequest<DeleteRegisteredModelAliasRequest> request, RegisteredModelStore models, CancellationToken ct) =>
            new ModelVersionResponse(await models.GetByAliasAsync(Require.Field(request.Value.Name, "name"), Require.Field(request.Value.Alias, "alias"), ct)));

        api.MapDelete("registered-models/alias", async (MlflowRequest<DeleteRegisteredModelAliasRequest> request, RegisteredModelStore models, CancellationToken ct) =>
        {
            await models.DeleteAliasAsync(Require.Field(request.Value.Name, "name"), Require.Field(request.Value.Alias, "alias"), ct);
            return MlflowApi.Empty;
        });
    }
}
