namespace Aevlp.Registry.Models;

/// <summary>Where a run is in its life, as stored and as the API shows it (the tracker's words).</summary>
public static class RunStatus
{
    /// <summary>Accepted and stored; its first stage is not dispatched yet.</summary>
    public const string Queued = "QUEUED";
    public const string Running = "RUNNING";
    /// <summary>A user cancelled it; waiting for the worker holding it to stop.</summary>
    public const string Cancelling = "CANCELLING";
    public const string Finished = "FINISHED";
    public const string Failed = "FAILED";
    public const string Killed = "KILLED";

    public static bool IsTerminal(string status) => status is Finished or Failed or Killed;
}
