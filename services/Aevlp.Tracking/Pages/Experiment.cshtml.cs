using Aevlp.Tracking.Api;
using Aevlp.Tracking.Client.Protocol;
using Aevlp.Tracking.Search;
using Aevlp.Tracking.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aevlp.Tracking.Pages;

/// <summary>The runs of one experiment, a page at a time, through the same search as runs/search.</summary>
public sealed class ExperimentModel(ExperimentStore experiments, RunSearch search) : PageModel
{
    public const int PageSize = 50;
    private const int MaxColumns = 8;

    [FromRoute] public long Id { get; set; }
    [FromQuery] public string? Filter { get; set; }
    [FromQuery] public string? Order { get; set; }
    [FromQuery(Name = "page")] public string? PageToken { get; set; }

    public Experiment Experiment { get; private set; } = null!;
    public IReadOnlyList<Run> Runs { get; private set; } = [];
    public IReadOnlyList<string> ParamKeys { get; private set; } = [];
    public IReadOnlyList<string> MetricKeys { get; private set; } = [];
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
        try
        {
            var page = await search.SearchAsync(new SearchRunsRequest([Experiment.ExperimentId], Filter, ViewType.ActiveOnly, PageSize,
                string.IsNullOrEmpty(Order) ? null : [Order], PageToken), ct);
            Runs = page.Runs;
            NextPageToken = page.NextPageToken;
        }
        catch (MlflowError e)
        {
            Error = e.Message;
        }
        ParamKeys = Runs.SelectMany(r => r.Data.Params.Select(p => p.Key)).Distinct().Order().Take(MaxColumns).ToArray();
        MetricKeys = Runs.SelectMany(r => r.Data.Metrics.Select(m => m.Key)).Distinct().Order().Take(MaxColumns).ToArray();
        return Page();
    }

    /// <summary>The query string that sorts by <paramref name="key"/>, descending first, ascending on a second click.</summary>
    public string SortLink(string key)
    {
        var order = Order == $"{key} DESC" ? $"{key} ASC" : $"{key} DESC";
        return $"?order={Uri.EscapeDataString(order)}&filter={Uri.EscapeDataString(Filter ?? "")}";
    }

    public bool IsSortedBy(string key) => Order?.StartsWith(key + " ", StringComparison.Ordinal) == true;

    public static string Quoted(string prefix, string key) => $"{prefix}.`{key}`";
}
