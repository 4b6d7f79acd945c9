using Aevlp.Registry.Pipeline;
using Aevlp.Registry.Storage;
using Aevlp.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Aevlp.Registry.Api;

/// <summary>/api/models: registered models, their versions and champions.</summary>
public static class ModelsApi
{

    /// <summary>The files of a model version that can be downloaded: the ONNX graph and its card (classes, input, normalisation).</summary>
    public static readonly string[] ModelFiles = ["model.onnx", "model.json"];

    public static IEndpointRouteBuilder MapModelsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/models").WithTags("Models");
        api.MapGet("/", ListModelsAsync).WithSummary("Registered models with their champion version");
        api.MapGet("/{name}/versions", ListVersionsAsync).WithSummary("A model's versions, newest first");
        api.MapGet("/{name}/versions/{version}/files/{file}", GetFileAsync)
            .WithSummary($"{ModelFiles[0]} or {ModelFiles[1]} of a version (a number, or '{ModelRegistrar.ChampionAlias}')");
        return app;
    }

    public static async Task<Ok<IReadOnlyList<ModelSummary>>> ListModelsAsync(ModelStore models, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<ModelSummary>>([.. (await models.ListAsync(ct)).Select(model => model.ToSummary())]);

    public static async Task<Results<Ok<IReadOnlyList<ModelVersion>>, ProblemHttpResult>> ListVersionsAsync(string name, ModelStore models,
        CancellationToken ct) =>
        await models.VersionsAsync(name, ct) is { } versions
            ? TypedResults.Ok<IReadOnlyList<ModelVersion>>([.. versions.Select(version => version.ToView())])
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Model not found", detail: $"There is no model '{name}'.");

    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> GetFileAsync(string name, string version, string file,
        ModelStore models, BlobStore store, CancellationToken ct)
    {
        if (!ModelFiles.Contains(file))
            return NotFound("No such model file", $"'{file}' is not a model file; expected {string.Join(" or ", ModelFiles)}.");
        if (await models.VersionsAsync(name, ct) is not { } versions) return NotFound("Model not found", $"There is no model '{name}'.");
        var chosen = version == ModelRegistrar.ChampionAlias
            ? versions.FirstOrDefault(v => v.IsChampion)
            : versions.FirstOrDefault(v => v.Version.ToString() == version);
        if (chosen is null) return NotFound("Model version not found", $"'{name}' has no version '{version}'; versions: {string.Join(", ", versions.Select(v => v.Version))}.");

        // A version's files sit beside its model blob (runs/{runId}/model.onnx).
        var model = BlobPath.Parse(chosen.ModelBlob);
        var blob = store.Blob(model with { Name = model.Name[..(model.Name.LastIndexOf('/') + 1)] + file });
        try
        {
            var download = await blob.DownloadStreamingAsync(cancellationToken: ct);
            return TypedResults.Stream(download.Value.Content, file.EndsWith(".json", StringComparison.Ordinal) ? "application/json" : "application/octet-stream",
                $"{name}-v{chosen.Version}-{file}");
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            return NotFound("Model file missing", $"{blob.BlobContainerName}/{blob.Name} of {name} v{chosen.Version} is not in blob storage.");
        }
    }

    private static ProblemHttpResult NotFound(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: title, detail: detail);
}
