namespace Aevlp.Configuration;

/// <summary>What a run's config is checked against: the dataset's name, whether it was found, and how many
/// classes it has when its manifest lists them.</summary>
public sealed record DatasetFacts(string Name, bool Found, int? Classes);
