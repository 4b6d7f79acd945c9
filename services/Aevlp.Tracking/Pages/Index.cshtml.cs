using Aevlp.Tracking.Client.Protocol;
using Aevlp.Tracking.Storage;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aevlp.Tracking.Pages;

public sealed class IndexModel(ExperimentStore experiments) : PageModel
{
    public IReadOnlyList<Experiment> Experiments { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Experiments = (await experiments.SearchAsync(new SearchExperimentsRequest(MaxResults: 1000, OrderBy: ["name ASC"]), ct)).Page;
}
