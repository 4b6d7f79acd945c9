using Aevlp.Registry.Configuration;
using Aevlp.Registry.Datasets;

namespace Aevlp.Registry.Pipeline;

/// <summary>A checked request: the dataset version and config to run (and one config per sweep point), or
/// every problem found.</summary>
public sealed record RunValidation(ResolvedDataset? Dataset, ConfigResolution Config, IReadOnlyList<ConfigResolution> SweepPoints,
    IReadOnlyList<ConfigProblem> Problems)
{
    public bool IsValid => Problems.Count == 0;
}
