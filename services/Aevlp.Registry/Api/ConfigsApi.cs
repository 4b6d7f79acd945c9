using System.Text.Json.Nodes;
using Aevlp.Configuration;
using Aevlp.Registry.Configuration;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Aevlp.Registry.Api;

/// <summary>/api/configs: the named configs the registry holds (configs/{name}.json, the released AEVLP configs with the
/// platform's keys), so a client anywhere can start a run from one by name (<c>aevlp train --config pascal</c>).</summary>
public static class ConfigsApi
{
    public static IEndpointRouteBuilder MapConfigsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/configs").WithTags("Configs");
        api.MapGet("/", List).WithSummary("The names of the configs");
        api.MapGet("/{name}", Get).WithSummary("One config, as in configs/{name}.json");
        return app;
    }

    public static Ok<IReadOnlyList<string>> List(IOptions<RegistryOptions> options) =>
        TypedResults.Ok(new ConfigDirectory(options.Value.ConfigDirectory).Names());

    public static Results<Ok<JsonObject>, ProblemHttpResult> Get(string name, IOptions<RegistryOptions> options)
    {
        var directory = new ConfigDirectory(options.Value.ConfigDirectory);
        var problems = new List<ConfigProblem>();
        if (!directory.Names().Contains(name))
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Config not found",
                detail: $"There is no config '{name}'; there are: {string.Join(", ", directory.Names())}.");
        return directory.Load(name, problems) is { } layer
            ? TypedResults.Ok(layer.Values)
            : TypedResults.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "The config is unreadable", detail: string.Join("; ", problems));
    }
}
