using System.Text.Json.Nodes;
using Aevlp.Contracts;
using System.Text.Json;
using Aevlp.Configuration;
using Aevlp.Configuration.Search;
using Aevlp.Registry.Api;
using Aevlp.Registry.Assets;

namespace Aevlp.Registry.Models;

/// <summary>A row of the <c>runs</c> table.</summary>
public sealed record RunRecord
{
    public Guid Id { get; init; }
    public string? IdempotencyKey { get; init; }
    public Guid? ParentId { get; init; }
    public int? SweepIndex { get; init; }
    public bool IsSweep { get; init; }
    public string? Name { get; init; }
    public string? RequestedBy { get; init; }
    public required string Dataset { get; init; }
    public required string DatasetVersion { get; init; }
    public required string Config { get; init; }
    public string Notes { get; init; } = "[]";
    public string Assets { get; init; } = "{}";
    public required RunStatus Status { get; init; }
    public string? Stage { get; init; }
    public int Attempt { get; init; }
    public string? Worker { get; init; }
    public DateTime HeartbeatAt { get; init; }
    public string? TrackingRunId { get; init; }
    public string? PseudoLabelKey { get; init; }
    public string? ModelBlob { get; init; }
    public string? ModelCardBlob { get; init; }
    public string? PredictionsBlob { get; init; }
    public string? Progress { get; init; }
    public string? TestMetrics { get; init; }
    public string? FailedStage { get; init; }
    public string? Error { get; init; }
    public string? TraceParent { get; init; }
    /// <summary>A search parent's search, as <see cref="Aevlp.Configuration.Search.SearchSpec.ToJson"/> wrote it.</summary>
    public string? Search { get; init; }
    /// <summary>False while a search trial waits for a free slot.</summary>
    public bool Admitted { get; init; } = true;
    /// <summary>A pruned trial's rung and reason (<see cref="Aevlp.Registry.Search.PruneDecision"/>), set when the search stops it.</summary>
    public string? Pruned { get; init; }
    public Guid? BestTrialId { get; init; }
    public double? BestMetric { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? FinishedAt { get; init; }

    public Stage? CurrentStage => Stage is null ? null : Enum.Parse<Stage>(Stage);

    public JsonObject ConfigJson => JsonNode.Parse(Config)!.AsObject();

    public RunConfig ResolvedConfig => RunConfig.From(ConfigJson);

    public RunAssets UsedAssets => JsonSerializer.Deserialize<RunAssets>(Assets, JsonSerializerOptions.Web) ?? RunAssets.None;

    public string DatasetReference => $"{Dataset}@{DatasetVersion}";

    public SearchSpec? SearchSpec => Search is null ? null : Aevlp.Configuration.Search.SearchSpec.FromJson(JsonNode.Parse(Search)!.AsObject());
}
