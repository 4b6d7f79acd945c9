using Aevlp.Tracking.Api;
using Aevlp.Tracking.Artifacts;
using Aevlp.Tracking.Client.Protocol;
using Aevlp.Tracking.Pages.Shared;
using Aevlp.Tracking.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aevlp.Tracking.Pages;

public sealed class RunModel(RunStore runs, MetricCharts charts, ArtifactStore artifacts) : PageModel
{

    [FromRoute] public string Id { get; set; } = "";
    [FromQuery] public string? Path { get; set; }

    public Run Run { get; private set; } = null!;
    public IReadOnlyList<(string Key, IReadOnlyList<ChartSeries> Series)> Charts { get; private set; } = [];
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
        Charts = await charts.LoadAsync([Run], ct);
        if (ArtifactUri.Root(Run.Info.ArtifactUri) is { } root)
        {
            ArtifactRoot = root;
            var path = ArtifactPath.Parse(Path, "path", allowRoot: true);
            Artifacts = await artifacts.ListAsync(ArtifactPath.Join(ArtifactRoot, path), ArtifactRoot, ct);
        }
        return Page();
    }

    public string DownloadLink(ArtifactFile file) =>
        "/api/2.0/mlflow-artifacts/artifacts/" + string.Join('/', $"{ArtifactRoot}/{file.Path}".Split('/').Select(Uri.EscapeDataString));
}
