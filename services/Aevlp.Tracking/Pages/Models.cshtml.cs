using Aevlp.Tracking.Client.Protocol;
using Aevlp.Tracking.Registry;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aevlp.Tracking.Pages;

public sealed class ModelsModel(RegisteredModelStore models) : PageModel
{
    public IReadOnlyList<RegisteredModel> Models { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Models = (await models.SearchAsync(null, 1000, null, null, ct)).Page;
}
