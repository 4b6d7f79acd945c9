using System.Text.Json.Nodes;

namespace Aevlp.Configuration;

/// <summary>One key of the run config: what it accepts, the value a run starts from, and what it does.</summary>
/// <param name="Default">The value before any layer sets one; null for a key a run may leave unset.</param>
/// <param name="Meaning">What the key does, as docs/configuration.md says it.</param>
public sealed record ConfigKey(string Name, ConfigRule Rule, JsonNode? Default, string Meaning)
{
    /// <summary>Why the key changes nothing in a run with this config (the loss does not read it, there is no teacher
    /// stage, …), or null when it acts. A key a request sets explicitly but that changes nothing gets a note on the run.</summary>
    public Func<RunConfig, string?> UnusedBecause { get; init; } = _ => null;
}

/// <summary>A key of the released configs that the platform accepts and does not use, and why.</summary>
public sealed record IgnoredKey(string Name, string Reason);
