using System.Text.Json;
using System.Text.Json.Serialization;

// Beside the API shapes that carry it; the registry stores it in PostgreSQL as the same upper-case word (RunStatuses.Text).
namespace Aevlp.Registry.Api;

/// <summary>Where a run is in its life, in the tracker's words: <c>QUEUED</c>, <c>RUNNING</c>, … in JSON and in the database.</summary>
[JsonConverter(typeof(RunStatusJsonConverter))]
public enum RunStatus
{
    /// <summary>Accepted and stored; its first stage is not dispatched yet.</summary>
    Queued,
    Running,

    /// <summary>A user cancelled it; waiting for the worker holding it to stop.</summary>
    Cancelling,
    Finished,
    Failed,
    Killed,

    /// <summary>A search trial its early-stopping rule stopped (the run says at which rung and why).</summary>
    Pruned,
}

public sealed class RunStatusJsonConverter() : JsonStringEnumConverter<RunStatus>(JsonNamingPolicy.SnakeCaseUpper, allowIntegerValues: false);

public static class RunStatuses
{
    public static bool IsTerminal(this RunStatus status) => status is RunStatus.Finished or RunStatus.Failed or RunStatus.Killed or RunStatus.Pruned;

    /// <summary>The status as the API and the database write it: <c>QUEUED</c>, <c>RUNNING</c>, ….</summary>
    public static string Text(this RunStatus status) => status.ToString().ToUpperInvariant();
}
