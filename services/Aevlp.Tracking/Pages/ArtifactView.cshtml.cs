using Aevlp.Tracking.Api;
using Aevlp.Tracking.Artifacts;
using Aevlp.Tracking.Client.Protocol;
using Aevlp.Tracking.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aevlp.Tracking.Pages;

/// <summary>A run's text artifact (JSON, YAML, MLmodel, CSV…) as text on a page, so it can be read without downloading it.</summary>
public sealed class ArtifactViewModel(RunStore runs, ArtifactStore artifacts) : PageModel
{
    [FromRoute] public string Id { get; set; } = "";
    [FromQuery] public string? Path { get; set; }

    public Run Run { get; private set; } = null!;
    public string ArtifactFile { get; private set; } = "";
    public string? Text { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        try
        {
            Run = await runs.GetAsync(Id, ct);
            ArtifactFile = ArtifactPath.Parse(Path, "path", allowRoot: false);
            if (!ArtifactText.IsText(ArtifactFile) || ArtifactUri.Root(Run.Info.ArtifactUri) is not { } root) return NotFound();
            var blob = await artifacts.OpenAsync(ArtifactPath.Join(root, ArtifactFile), ct);
            await using var content = blob.Content;
            Text = await ArtifactText.ReadAsync(content, ArtifactFile, ct);
        }
        catch (MlflowError)
        {
            return NotFound();
        }
        return Page();
    }
}
