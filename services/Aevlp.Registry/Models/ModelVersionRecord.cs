namespace Aevlp.Registry.Models;

/// <summary>A row of <c>model_versions</c>, with whether it holds the champion alias.</summary>
public sealed record ModelVersionRecord
{
    public required string ModelName { get; init; }
    public int Version { get; init; }
    public Guid RunId { get; init; }
    public double TestMap { get; init; }
    public required string Metrics { get; init; }
    public required string ModelBlob { get; init; }
    public string? TrackingVersion { get; init; }
    public DateTime CreatedAt { get; init; }
    public bool IsChampion { get; init; }
}
