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

    public IReadOnlyList<Run> Runs { get; private set; } = [];
    public IReadOnlyList<(string Key, IReadOnlyList<ChartSeries> Series)> Charts { get; private set; } = [];
    public IReadOnlyList<string> SingleValueKeys { get; private set; } = [];
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
            Charts = all.Where(chart => chart.Series.Any(s => s.Points.Count > 1)).ToArray();
            SingleValueKeys = all.Select(chart => chart.Key).Except(Charts.Select(chart => chart.Key)).ToArray();
            ViewData["Refresh"] = Runs.Any(r => r.Info.Status == RunStatus.Running);
        }
        catch (MlflowError e)
        {
            Error = e.Message;
        }
    }
}
