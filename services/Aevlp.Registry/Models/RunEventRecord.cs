namespace Aevlp.Registry.Models;

/// <summary>A row of <c>run_events</c>.</summary>
public sealed record RunEventRecord
{
    public DateTime At { get; init; }
    public required string Kind { get; init; }
    public string? Stage { get; init; }
    public int? Attempt { get; init; }
    public string? Detail { get; init; }
}
