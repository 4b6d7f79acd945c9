using System.Text.Json.Nodes;

namespace Aevlp.Configuration;

/// <summary>The merged config, and every problem and note found on the way. <see cref="Run"/> is the typed config,
/// present only when there are no <see cref="Problems"/>.</summary>
/// <param name="SetBy">The keys the layers set, each with the field a problem about it names (<c>config.lr</c>,
/// <c>configs/pascal.json:lr</c>, <c>sweep.lr</c>); a key left at its default is absent.</param>
public sealed record ConfigResolution(JsonObject Config, RunConfig? Run, IReadOnlyList<ConfigProblem> Problems, IReadOnlyList<string> Notes,
    IReadOnlyDictionary<string, string> SetBy)
{
    public bool IsValid => Problems.Count == 0;

    /// <summary>How a problem names <paramref name="key"/>: after the layer that set it, else as a request key.</summary>
    public string FieldName(string key) => SetBy.GetValueOrDefault(key, $"config.{key}");
}
