using Aevlp.Tracking.Client.Protocol;

namespace Aevlp.Tracking.Pages.Shared;

/// <summary>A row of a runs table: the run, how deep it is nested, and how many child runs it has on the page.</summary>
public sealed record RunTableRow(Run Run, int Depth, int Children);

/// <summary>Nests child runs (MLflow's <c>mlflow.parentRunId</c> tag, which the registry sets on sweep trials) under their
/// parent when both are on the page, keeping the page's order; a child whose parent is elsewhere stays a top-level row.</summary>
public static class RunRows
{
    public const string ParentTag = "mlflow.parentRunId";

    public static IReadOnlyList<RunTableRow> Nest(IReadOnlyList<Run> runs)
    {
        var onPage = runs.Select(r => r.Info.RunId).ToHashSet();
        var children = runs.Where(r => Parent(r) is { } parent && onPage.Contains(parent)).ToLookup(r => Parent(r)!);
        var rows = new List<RunTableRow>();
        var placed = new HashSet<string>();
        foreach (var run in runs.Where(r => Parent(r) is not { } parent || !onPage.Contains(parent))) Add(run, 0);
        // Runs whose parent chain loops (tags are client-written) are listed at the top level rather than lost.
        foreach (var run in runs.Where(r => !placed.Contains(r.Info.RunId))) Add(run, 0);
        return rows;

        void Add(Run run, int depth)
        {
            if (!placed.Add(run.Info.RunId)) return;
            var mine = children[run.Info.RunId].ToArray();
            rows.Add(new RunTableRow(run, depth, mine.Length));
            foreach (var child in mine) Add(child, depth + 1);
        }
    }

    public static string? Parent(Run run) => run.Data.Tags.FirstOrDefault(t => t.Key == ParentTag)?.Value;
}
