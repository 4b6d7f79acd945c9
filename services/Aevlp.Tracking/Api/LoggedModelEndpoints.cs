using Aevlp.Tracking.Artifacts;
using Aevlp.Tracking.Client.Protocol;
using Aevlp.Tracking.LoggedModels;
using Aevlp.Tracking.Storage;
using Microsoft.AspNetCore.Mvc;

namespace Aevlp.Tracking.Api;

/// <summary>MLflow 3's logged-model RPCs and runs/outputs, at the paths of MLflow's service.proto.</summary>
public static class LoggedModelEndpoints
{
    public static void MapLoggedModelEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("logged-models", async (MlflowRequest<CreateLoggedModelRequest> request, LoggedModelStore models, CancellationToken ct) =>
            new LoggedModelResponse(await models.CreateAsync(request.Value, ct)));

        api.MapPost("logged-models/search", (MlflowRequest<SearchLoggedModelsRequest> request, LoggedModelSearch search, CancellationToken ct) =>
            search.SearchAsync(request.Value, ct));

        api.MapGet("logged-models/{modelId}", async (string modelId, [FromQuery(Name = "allow_deleted")] bool? allowDeleted,
            LoggedModelStore models, CancellationToken ct) =>
            new LoggedModelResponse(await models.GetAsync(modelId, allowDeleted ?? false, ct)));

        api.MapPatch("logged-models/{modelId}", async (string modelId, MlflowRequest<FinalizeLoggedModelRequest> request,
            LoggedModelStore models, CancellationToken ct) =>
            new LoggedModelResponse(await models.FinalizeAsync(SameModel(modelId, request.Value.ModelId), request.Value.Status, ct)));

        api.MapDelete("logged-models/{modelId}", async (string modelId, LoggedModelStore models, CancellationToken ct) =>
        {
            await models.DeleteAsync(modelId, ct);
            return MlflowApi.Empty;
        });

        api.MapPatch("logged-models/{modelId}/tags", async (string modelId, MlflowRequest<SetLoggedModelTagsRequest> request,
            LoggedModelStore models, CancellationToken ct) =>
        {
            await models.SetTagsAsync(SameModel(modelId, request.Value.ModelId), request.Value.Tags, ct);
            return MlflowApi.Empty;
        });

        api.MapDelete("logged-models/{modelId}/tags/{**tagKey}", async (string modelId, string tagKey, LoggedModelStore models, CancellationToken ct) =>
        {
            await models.DeleteTagAsync(modelId, tagKey, ct);
            return MlflowApi.Empty;
        });

        api.MapPost("logged-models/{modelId}/params", async (string modelId, MlflowRequest<LogLoggedModelParamsRequest> request,
            LoggedModelStore models, CancellationToken ct) =>
        {
            await models.LogParamsAsync(SameModel(modelId, request.Value.ModelId), request.Value.Params, ct);
            return MlflowApi.Empty;
        });

        api.MapGet("logged-models/{modelId}/artifacts/directories", async (string modelId, MlflowRequest<LoggedModelArtifactsQuery> request,
            LoggedModelStore models, ArtifactStore store, CancellationToken ct) =>
        {
            var uri = (await models.GetAsync(modelId, allowDeleted: false, ct)).Info.ArtifactUri;
            var root = ArtifactEndpoints.BlobRoot(uri);
            var path = ArtifactPath.Parse(request.Value.ArtifactDirectoryPath, "artifact_directory_path", allowRoot: true);
            return new ListArtifactsResponse { RootUri = uri, Files = await store.ListAsync(ArtifactPath.Join(root, path), root, ct) };
        });

        // MLflow serves this one to its web UI; it is here for the same reason.
        api.MapGet("logged-models/{modelId}/artifacts/files", async (string modelId, MlflowRequest<LoggedModelArtifactFileQuery> request,
            LoggedModelStore models, ArtifactStore store, CancellationToken ct) =>
        {
            var root = ArtifactEndpoints.BlobRoot((await models.GetAsync(modelId, allowDeleted: false, ct)).Info.ArtifactUri);
            var path = ArtifactPath.Parse(request.Value.ArtifactFilePath, "artifact_file_path", allowRoot: false);
            var blob = await store.OpenAsync(ArtifactPath.Join(root, path), ct);
            return Results.Stream(blob.Content, ArtifactContentType.Of(path), fileDownloadName: path.Split('/')[^1]);
        });

        api.MapPost("runs/outputs", async (MlflowRequest<LogOutputsRequest> request, RunModelLinks links, CancellationToken ct) =>
        {
            var outputs = (request.Value.Models ?? throw MlflowError.Invalid("Missing value for required parameter 'models'."))
                .Select(m => (Require.Field(m.ModelId, "models.model_id"), (long?)Require.Field(m.Step, "models.step"))).ToArray();
            await links.LogAsync(Require.RunId(request.Value), RunModelLinks.Output, outputs, ct);
            return MlflowApi.Empty;
        });
    }

    // The id is in the path; MLflow's clients repeat it in the body, and a body naming another model is a mistake.
    private static string SameModel(string pathId, string? bodyId) =>
        string.IsNullOrEmpty(bodyId) || bodyId == pathId ? pathId
        : throw MlflowError.Invalid($"The body's model_id '{bodyId}' differs from the path's '{pathId}'.");
}
