using Aevlp.Tracking.Api;
using Aevlp.Tracking.Client.Protocol;
using Aevlp.Tracking.Registry;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aevlp.Tracking.Pages;

public sealed class ModelModel(RegisteredModelStore models, ModelVersionStore versions) : PageModel
{
    [FromRoute] public string Name { get; set; } = "";

    public RegisteredModel RegisteredModel { get; private set; } = null!;
    public IReadOnlyList<ModelVersion> Versions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        try
        {
            RegisteredModel = await models.GetAsync(Name, ct);
        }
        catch (MlflowError)
        {
            return NotFound();
        }
        Versions = await versions.ForModelsAsync([Name], ct);
        return Page();
    }
}
