using System.Text.Json.Nodes;

namespace Aevlp.Registry.Configuration;

/// <summary>The merged config, and every problem and note found on the way. The config is only usable when
/// <see cref="Problems"/> is empty.</summary>
public sealed record ConfigResolution(JsonObject Config, IReadOnlyList<ConfigProblem> Problems, IReadOnlyList<string> Notes)
{
    public bool IsValid => Problems.Count == 0;
}
