using System.Text.Json.Nodes;
using Aevlp.Configuration;
using Aevlp.Configuration.Search;
using Aevlp.Registry.Assets;
using Aevlp.Registry.Datasets;

namespace Aevlp.Registry.Pipeline;

/// <summary>A checked request: the dataset version and the config to run (and one config per sweep point), or every
/// problem found. A search's trials are its sweep points, and <see cref="Search"/> how to run them.</summary>
public sealed record RunValidation(ResolvedDataset? Dataset, ValidatedConfig? Config, IReadOnlyList<ValidatedConfig> SweepPoints,
    IReadOnlyList<ConfigProblem> Problems, SearchSpec? Search = null)
{
    public bool IsValid => Problems.Count == 0;
}

/// <summary>A config ready to store: resolved, with its assets found, and every note for the run.</summary>
public sealed record ValidatedConfig(JsonObject Config, RunAssets Assets, IReadOnlyList<string> Notes);
