using Aevlp.Tracking.Api;
using Aevlp.Tracking.Client.Protocol;
using Aevlp.Tracking.Pages.Shared;
using Aevlp.Tracking.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aevlp.Tracking.Pages;

/// <summary>Several runs side by side: their params, and each metric's histories overlaid in one chart.</summary>
public sealed class CompareModel(RunStore runs, MetricCharts charts) : PageModel
{
    private const int MaxRuns = 20;

    [FromQuery(Name = "runs")] public string[] RunIds { get; set; } = [];

    public IReadOnlyList<Run> Runs { get; private set; } = [];
    public IReadOnlyList<(string Key, IReadOnlyList<ChartSeries> Series)> Charts { get; private set; } = [];
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
            foreach (var id in RunIds.Distinct()) loaded.Add(await runs.GetAsync(id, ct));
            Runs = loaded;
            Charts = await charts.LoadAsync(Runs, ct);
        }
        catch (MlflowError e)
        {
            Error = e.Message;
        }
    }
}
