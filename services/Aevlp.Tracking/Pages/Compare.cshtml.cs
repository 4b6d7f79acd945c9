using Aevlp.Tracking.Api;
using Aevlp.Tracking.Client.Protocol;
using Aevlp.Tracking.Pages.Shared;
using Aevlp.Tracking.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aevlp.Tracking.Pages;

/// <summary>Several runs side by side, from any experiments: their params, each metric logged at several steps as one chart
/// with a line per run, and single values in a table. More runs join by id (<c>runs</c> repeated in the query).</summary>
public sealed class CompareModel(RunStore runs, MetricCharts charts) : PageModel
{
    private const int MaxRuns = 20;

    [FromQuery(Name = "runs")] public string[] RunIds { get; set; } = [];

    /// <summary>Show every param, not only those whose values differ between the runs.</summary>
    [FromQuery(Name = "all")] public bool AllParams { get; set; }

    public IReadOnlyList<Run> Runs { get; private set; } = [];
    public IReadOnlyList<(string Key, IReadOnlyList<ChartSeries> Series)> Charts { get; private set; } = [];
    public IReadOnlyList<string> SingleValueKeys { get; private set; } = [];

    /// <summary>Params whose values differ between the runs first, then (with <see cref="AllParams"/>) the shared ones.</summary>
    public IReadOnlyList<(string Key, bool Differs)> ParamRows => Runs.SelectMany(r => r.Data.Params.Select(p => p.Key)).Distinct().Order()
        .Select(key => (key, Runs.Select(r => r.Data.Params.FirstOrDefault(p => p.Key == key)?.Value).Distinct().Count() > 1))
        .Where(row => row.Item2 || AllParams).OrderBy(row => !row.Item2).ToArray();

    public string QueryWith(bool all) => "?" + string.Join('&', Runs.Select(r => $"runs={r.Info.RunId}")) + (all ? "&all=true" : "");
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (RunIds.Length is 0 or > MaxRuns)
        {
            Error = $"Select between 1 and {MaxRuns} runs to compare.";
            return;
        }
        try
        {
            var loaded = new List<Run>();
            foreach (var id in RunIds.Select(id => id.Trim()).Where(id => id.Length > 0).Distinct()) loaded.Add(await runs.GetAsync(id, ct));
            Runs = loaded;
            var all = await charts.LoadAsync(Runs, ct);
            Charts = all.Where(MetricCharts.HasSteps).ToArray();
            SingleValueKeys = all.Select(chart => chart.Key).Except(Charts.Select(chart => chart.Key)).ToArray();
            ViewData["Refresh"] = Runs.Any(r => r.Info.Status == RunStatus.Running);
        }
        catch (MlflowError e)
        {
            Error = e.Message;
        }
    }
}
