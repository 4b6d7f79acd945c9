using Aevlp.Contracts;
using Aevlp.Configuration;
using Aevlp.Registry.Configuration;
using Aevlp.Registry.Pipeline;
using Aevlp.Registry.Search;
using Aevlp.Registry.Storage;
using Aevlp.Registry.Tracking;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.OpenApi;

namespace Aevlp.Registry.Api;

/// <summary>/api/runs: start, list, inspect and cancel training runs.</summary>
public static class RunsApi
{
    public const int MaxPageSize = 100;

    public static IEndpointRouteBuilder MapRunsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/runs").WithTags("Runs");
        // TrainRequestReader answers a wrong Content-Type with a 415 that says what was expected. Accepts<T>() would make
        // routing answer it first with an empty 415, so the body is described to OpenAPI here instead.
        api.MapPost("/", StartRunAsync).AddOpenApiOperationTransformer(async (operation, context, ct) => operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(typeof(TrainRequested), null, ct) },
                },
            })
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithSummary("Start a training run (or a sweep); the same IdempotencyKey twice gives the same run");
        api.MapGet("/", ListRunsAsync).WithSummary("Runs, newest first");
        api.MapGet("/{id:guid}", GetRunAsync).WithName("GetRun").WithSummary("A run: stage, status, attempt, progress, metrics, errors, links");
        api.MapPost("/{id:guid}/cancel", CancelRunAsync).WithSummary("Cancel a run (a sweep cancels its children)");
        return app;
    }

    public static async Task<Results<Accepted<RunCreated>, ValidationProblem, ProblemHttpResult>> StartRunAsync(HttpRequest request,
        RunSubmission submission, CancellationToken ct)
    {
        var (body, status, unreadable) = await TrainRequestReader.ReadAsync(request, ct);
        if (body is null && status == StatusCodes.Status400BadRequest) return Invalid([unreadable!]);
        if (body is null) return TypedResults.Problem(statusCode: status, title: "The run request was refused", detail: unreadable!.ToString());
        var result = await submission.SubmitAsync(body, Guid.CreateVersion7(), ct);
        if (result.RunId is not { } runId) return Invalid(result.Problems);
        return TypedResults.Accepted($"/api/runs/{runId}", new RunCreated(runId, result.Created));
    }

    public static async Task<Results<Ok<PaginatedItems<RunSummary>>, ValidationProblem>> ListRunsAsync(RunStore store, CancellationToken ct,
        int pageIndex = 0, int pageSize = 20)
    {
        List<ConfigProblem> problems = [];
        if (pageIndex < 0) problems.Add(new ConfigProblem("pageIndex", $"got {pageIndex}; expected an integer ≥ 0"));
        if (pageSize is < 1 or > MaxPageSize) problems.Add(new ConfigProblem("pageSize", $"got {pageSize}; expected an integer in [1, {MaxPageSize}]"));
        if (problems.Count > 0) return Invalid(problems);
        var (total, runs) = await store.ListAsync(pageIndex, pageSize, ct);
        return TypedResults.Ok(new PaginatedItems<RunSummary>(pageIndex, pageSize, total, [.. runs.Select(run => run.ToSummary())]));
    }

    public static async Task<Results<Ok<RunDetails>, ProblemHttpResult>> GetRunAsync(Guid id, RunStore store, RunHistory history,
        SearchStore searches, TrackerLinks tracker, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not { } run) return RunNotFound(id);
        var children = run.IsSweep ? await store.ChildrenAsync(id, ct) : [];
        var search = run.IsSweep ? await SearchLeaderboard.LoadAsync(run, children, searches, ct) : null;
        return TypedResults.Ok(run.ToDetails(await history.StagesAsync(id, ct), await history.EventsAsync(id, ct), children, tracker, search));
    }

    public static async Task<Results<Accepted<RunCancelled>, ProblemHttpResult>> CancelRunAsync(Guid id, RunCancellation cancellation,
        RunStore store, CancellationToken ct)
    {
        var outcome = await cancellation.CancelAsync(id, ct);
        if (outcome == CancelOutcome.NotFound) return RunNotFound(id);
        var run = (await store.GetAsync(id, ct))!;
        return outcome == CancelOutcome.AlreadyEnded
            ? TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The run has already ended",
                detail: $"Run {id} is {run.Status.Text()}; only QUEUED and RUNNING runs can be cancelled.")
            : TypedResults.Accepted($"/api/runs/{id}", new RunCancelled(id, run.Status));
    }

    private static ValidationProblem Invalid(IEnumerable<ConfigProblem> problems) => TypedResults.ValidationProblem(
        problems.GroupBy(problem => problem.Field).ToDictionary(group => group.Key, group => group.Select(problem => problem.Message).ToArray()),
        title: "The run request is invalid", detail: "Every problem is listed under errors, keyed by the field it concerns.");

    private static ProblemHttpResult RunNotFound(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Run not found", detail: $"There is no run {id}.");
}
