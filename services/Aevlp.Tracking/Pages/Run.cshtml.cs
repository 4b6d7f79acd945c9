using Aevlp.Tracking.Api;
using Aevlp.Tracking.Artifacts;
using Aevlp.Tracking.Client.Protocol;
using Aevlp.Tracking.LoggedModels;
using Aevlp.Tracking.Pages.Shared;
using Aevlp.Tracking.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aevlp.Tracking.Pages;

/// <summary>One run: its metrics (a chart per metric logged at several steps, a table of the single values), params, tags,
/// logged models and artifacts, pictures shown and text files viewable. A running run's page reloads itself.</summary>
public sealed class RunModel(RunStore runs, MetricCharts charts, ArtifactStore artifacts, LoggedModelStore loggedModels) : PageModel
{
    [FromRoute] public string Id { get; set; } = "";
    [FromQuery] public string? Path { get; set; }

    public Run Run { get; private set; } = null!;
    public IReadOnlyList<(string Key, IReadOnlyList<ChartSeries> Series)> Charts { get; private set; } = [];
    public IReadOnlyList<Metric> SingleValues { get; private set; } = [];
    public IReadOnlyList<LoggedModel> LoggedModels { get; private set; } = [];
    public IReadOnlyList<ArtifactFile> Artifacts { get; private set; } = [];
    public string? ArtifactRoot { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        try
        {
            Run = await runs.GetAsync(Id, ct);
        }
        catch (MlflowError)
        {
            return NotFound();
        }
        var all = await charts.LoadAsync([Run], ct);
        Charts = all.Where(MetricCharts.HasSteps).ToArray();
        SingleValues = Run.Data.Metrics.Where(m => Charts.All(chart => chart.Key != m.Key)).ToArray();
        ViewData["Refresh"] = Run.Info.Status == RunStatus.Running;
        var models = new List<LoggedModel>();
        foreach (var output in Run.Outputs?.ModelOutputs ?? []) models.Add(await loggedModels.GetAsync(output.ModelId!, allowDeleted: true, ct));
        LoggedModels = models;
        if (ArtifactUri.Root(Run.Info.ArtifactUri) is { } root)
        {
            ArtifactRoot = root;
            var path = ArtifactPath.Parse(Path, "path", allowRoot: true);
            Artifacts = await artifacts.ListAsync(ArtifactPath.Join(ArtifactRoot, path), ArtifactRoot, ct);
        }
        return Page();
    }

    public string ViewLink(ArtifactFile file) => $"/runs/{Uri.EscapeDataString(Id)}/view?path={Uri.EscapeDataString(file.Path)}";

    public string DownloadLink(ArtifactFile file) =>
        "/api/2.0/mlflow-artifacts/artifacts/" + string.Join('/', $"{ArtifactRoot}/{file.Path}".Split('/').Select(Uri.EscapeDataString));
}
