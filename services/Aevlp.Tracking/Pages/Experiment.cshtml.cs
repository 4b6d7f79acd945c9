using Aevlp.Tracking.Api;
using Aevlp.Tracking.Client.Protocol;
using Aevlp.Tracking.Pages.Shared;
using Aevlp.Tracking.Search;
using Aevlp.Tracking.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aevlp.Tracking.Pages;

/// <summary>The runs of one experiment, a page at a time, through the same search as runs/search: child runs nested under
/// their parent, metrics before params, and the columns a user picks (<see cref="Columns"/>).</summary>
public sealed class ExperimentModel(ExperimentStore experiments, RunSearch search) : PageModel
{
    public const int PageSize = 50;
    private const int MaxColumns = 8;

    [FromRoute] public long Id { get; set; }
    [FromQuery] public string? Filter { get; set; }
    [FromQuery] public string? Order { get; set; }
    [FromQuery(Name = "page")] public string? PageToken { get; set; }

    /// <summary>The columns to show, as <c>metrics.k</c> or <c>params.k</c>; none given: every metric, then the params
    /// that take more than one value on the page (a param all runs share says nothing), each up to eight.</summary>
    [FromQuery(Name = "columns")] public string[] Columns { get; set; } = [];

    /// <summary>Only runs in this status (RUNNING, FINISHED…), added to the filter as <c>attributes.status</c>.</summary>
    [FromQuery] public string? Status { get; set; }

    /// <summary>Forget the columns remembered for this experiment.</summary>
    [FromQuery] public bool Reset { get; set; }

    public Experiment Experiment { get; private set; } = null!;
    public IReadOnlyList<RunTableRow> Rows { get; private set; } = [];
    public IReadOnlyList<string> ParamKeys { get; private set; } = [];
    public IReadOnlyList<string> MetricKeys { get; private set; } = [];
    public IReadOnlyList<string> AllParamKeys { get; private set; } = [];
    public IReadOnlyList<string> AllMetricKeys { get; private set; } = [];
    public string? NextPageToken { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        try
        {
            Experiment = await experiments.GetAsync(Id, ct);
        }
        catch (MlflowError)
        {
            return NotFound();
        }
        RememberColumns();
        IReadOnlyList<Run> runs = [];
        try
        {
            var page = await search.SearchAsync(new SearchRunsRequest([Experiment.ExperimentId], SearchFilter(), ViewType.ActiveOnly, PageSize,
                string.IsNullOrEmpty(Order) ? null : [Order], PageToken), ct);
            runs = page.Runs;
            NextPageToken = page.NextPageToken;
        }
        catch (MlflowError e)
        {
            Error = e.Message;
        }
        Rows = RunRows.Nest(runs);
        AllMetricKeys = runs.SelectMany(r => r.Data.Metrics.Select(m => m.Key)).Distinct().Order().ToArray();
        AllParamKeys = runs.SelectMany(r => r.Data.Params.Select(p => p.Key)).Distinct().Order().ToArray();
        MetricKeys = Columns.Length > 0 ? Chosen("metrics") : AllMetricKeys.Take(MaxColumns).ToArray();
        ParamKeys = Columns.Length > 0 ? Chosen("params")
            : AllParamKeys.Where(key => runs.SelectMany(r => r.Data.Params.Where(p => p.Key == key).Select(p => p.Value)).Distinct().Count() > 1)
                .Take(MaxColumns).ToArray();
        ViewData["Refresh"] = runs.Any(r => r.Info.Status == RunStatus.Running);
        return Page();
    }

    /// <summary>The filter box's filter, and the status chosen in the status list.</summary>
    private string? SearchFilter()
    {
        if (string.IsNullOrEmpty(Status)) return Filter;
        if (!RunStatus.All.Contains(Status)) throw MlflowError.Invalid($"Unknown status '{Status}': expected one of {string.Join(", ", RunStatus.All)}.");
        var status = $"attributes.status = '{Status}'";
        return string.IsNullOrWhiteSpace(Filter) ? status : $"{Filter} AND {status}";
    }

    // Columns chosen for an experiment are kept in a cookie of that experiment's pages, so they stay until changed or reset.
    private void RememberColumns()
    {
        var cookie = $"aevlp-columns-{Id}";
        var options = new CookieOptions { Path = $"/experiments/{Id}", HttpOnly = true, SameSite = SameSiteMode.Strict, MaxAge = TimeSpan.FromDays(365) };
        if (Reset)
        {
            Response.Cookies.Delete(cookie, options);
            Columns = [];
        }
        else if (Columns.Length > 0)
        {
            Response.Cookies.Append(cookie, string.Join('\n', Columns), options);
        }
        else if (Request.Cookies[cookie] is { Length: > 0 } remembered)
        {
            Columns = remembered.Split('\n');
        }
    }

    /// <summary>The query string that sorts by <paramref name="key"/>, descending first, ascending on a second click.</summary>
    public string SortLink(string key) => Query(Order == $"{key} DESC" ? $"{key} ASC" : $"{key} DESC", null);

    /// <summary>This page's query (filter, columns) with another order and page.</summary>
    public string Query(string? order, string? page) =>
        "?" + string.Join('&', new[] { ("order", order), ("filter", Filter), ("status", Status), ("page", page) }.Where(p => !string.IsNullOrEmpty(p.Item2))
            .Concat(Columns.Select(c => ("columns", (string?)c)))
            .Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}"));

    public bool IsSortedBy(string key) => Order?.StartsWith(key + " ", StringComparison.Ordinal) == true;

    public bool IsShown(string prefix, string key) => (prefix == "metrics" ? MetricKeys : ParamKeys).Contains(key);

    public static string Quoted(string prefix, string key) => $"{prefix}.`{key}`";

    private string[] Chosen(string prefix) =>
        Columns.Where(c => c.StartsWith(prefix + ".", StringComparison.Ordinal)).Select(c => c[(prefix.Length + 1)..]).Distinct().ToArray();
}
