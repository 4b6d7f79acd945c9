namespace Aevlp.Registry.Models;

/// <summary>A registered model: its versions count and champion.</summary>
public sealed record ModelRecord
{
    public required string Name { get; init; }
    public int? ChampionVersion { get; init; }
    public double? ChampionTestMap { get; init; }
    public int Versions { get; init; }
    public DateTime CreatedAt { get; init; }
}
