namespace Aevlp.Registry.Models;

/// <summary>A validated run about to be stored (QUEUED).</summary>
/// <param name="Assets">JSON of the <see cref="Assets.RunAssets"/> it uses.</param>
/// <param name="TraceParent">The W3C traceparent its stages are dispatched under (<see cref="Pipeline.RunTrace"/>).</param>
/// <param name="Search">JSON of a search parent's <see cref="Aevlp.Configuration.Search.SearchSpec"/>.</param>
/// <param name="Admitted">False for a search trial: it starts when its search admits it into a free slot.</param>
public sealed record NewRun(Guid Id, string? IdempotencyKey, Guid? ParentId, int? SweepIndex, bool IsSweep,
    string? Name, string? RequestedBy, string Dataset, string DatasetVersion, string Config, string Notes,
    string Assets, string? TraceParent, string? Search = null, bool Admitted = true);
