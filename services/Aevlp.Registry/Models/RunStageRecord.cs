namespace Aevlp.Registry.Models;

/// <summary>A row of <c>run_stages</c>: one attempt of one stage.</summary>
public sealed record RunStageRecord
{
    public required string Stage { get; init; }
    public int Attempt { get; init; }
    public DateTime StartedAt { get; init; }
    public DateTime? EndedAt { get; init; }
    public string? Outcome { get; init; }
    public double? ComputeSeconds { get; init; }
    public DateTime? ReceivedAt { get; init; }
    public string? Worker { get; init; }
}
