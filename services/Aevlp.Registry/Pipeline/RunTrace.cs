using System.Diagnostics;
using Aevlp.Registry.Models;

namespace Aevlp.Registry.Pipeline;

/// <summary>One trace per run. The activity that accepts a run (the HTTP request or the TrainRequested message) is
/// stored with it as a W3C traceparent, and every stage dispatch starts as its child, so the commands the registry
/// publishes (MassTransit puts the trace context in their headers) and the workers' work join that trace — also when
/// the dispatch is triggered by a message from another trace or by the watchdog.</summary>
public static class RunTrace
{
    /// <summary>The traceparent to store with a new run: the current activity's, when it has a W3C id.</summary>
    public static string? Current() => Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>The trace id of a stored traceparent (null when the run has none).</summary>
    public static string? TraceId(string? traceParent) =>
        ActivityContext.TryParse(traceParent, null, out var context) ? context.TraceId.ToHexString() : null;

    /// <summary>Starts the activity of dispatching <paramref name="run"/>'s current stage under the run's stored trace,
    /// linked to whatever triggered it; null when nothing listens.</summary>
    public static Activity? StartDispatch(RunRecord run)
    {
        ActivityLink[] links = Activity.Current is { } trigger ? [new(trigger.Context)] : [];
        var activity = ActivityContext.TryParse(run.TraceParent, null, out var parent)
            ? RegistryTelemetry.ActivitySource.StartActivity($"dispatch {run.Stage}", ActivityKind.Internal, parent, links: links)
            : RegistryTelemetry.ActivitySource.StartActivity($"dispatch {run.Stage}");
        activity?.SetTag("aevlp.run_id", run.Id).SetTag("aevlp.attempt", run.Attempt);
        return activity;
    }
}
