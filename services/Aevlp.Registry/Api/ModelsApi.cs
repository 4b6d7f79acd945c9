using Aevlp.Registry.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Aevlp.Registry.Api;

/// <summary>/api/models: registered models, their versions and champions.</summary>
public static class ModelsApi
{
    public static IEndpointRouteBuilder MapModelsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/models").WithTags("Models");
        api.MapGet("/", ListModelsAsync).WithSummary("Registered models with their champion version");
        api.MapGet("/{name}/versions", ListVersionsAsync).WithSummary("A model's versions, newest first");
        return app;
    }

    public static async Task<Ok<IReadOnlyList<ModelSummary>>> ListModelsAsync(ModelStore models, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<ModelSummary>>([.. (await models.ListAsync(ct)).Select(model => model.ToSummary())]);

    public static async Task<Results<Ok<IReadOnlyList<ModelVersion>>, ProblemHttpResult>> ListVersionsAsync(string name, ModelStore models,
        CancellationToken ct) =>
        await models.VersionsAsync(name, ct) is { } versions
            ? TypedResults.Ok<IReadOnlyList<ModelVersion>>([.. versions.Select(version => version.ToView())])
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Model not found", detail: $"There is no model '{name}'.");
}
