using System.Text.Json.Nodes;

namespace Aevlp.Contracts;

/// <summary>The public way to start a training run: publish it on RabbitMQ (exchange
/// <c>Aevlp.Contracts:TrainRequested</c>), POST it to the registry's <c>/api/runs</c>, or use the CLI.
/// Its JSON shape is documented in README "Starting a run".</summary>
public sealed record TrainRequested
{
    /// <summary>A run with this key already exists → nothing new is created. Optional but recommended for
    /// publishers that may retry.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>Dataset name, optionally with a version: <c>fashion-mosaic</c> or <c>fashion-mosaic@3</c>
    /// (newest version when omitted).</summary>
    public required string Dataset { get; init; }

    /// <summary>Overrides on top of the dataset's config in configs/ (same keys as the released AEVLP
    /// configs plus the platform's own; see docs/configuration.md).</summary>
    public JsonObject Config { get; init; } = [];

    /// <summary>Config key → values to try; the grid of all combinations becomes child runs of one parent.</summary>
    public IReadOnlyDictionary<string, JsonArray>? Sweep { get; init; }

    /// <summary>A hyper-parameter search: <c>{"method": "random", "trials": 12, "maxConcurrent": 2, "metric": "val_map",
    /// "space": {"lr": {"logUniform": [1e-5, 1e-3]}}, "earlyStopping": {"type": "asha"}}</c> (docs/search.md). Like a sweep,
    /// one parent run with a child run per trial; the registry checks it whole and lists every problem.</summary>
    public JsonObject? Search { get; init; }

    public string? RunName { get; init; }

    public string? RequestedBy { get; init; }
}

/// <summary>The registry validated a request and created the run (and its tracking run).</summary>
public sealed record RunAccepted(Guid RunId, string? IdempotencyKey, string Dataset, string DatasetVersion,
    string TrackingRunId, Guid? ParentRunId);

/// <summary>The registry refused a request; <see cref="Problems"/> lists every problem found, each naming
/// the field and what was expected.</summary>
public sealed record RunRejected(string? IdempotencyKey, IReadOnlyList<string> Problems);
