using System.Diagnostics;
using System.Diagnostics.Metrics;
using Aevlp.Contracts;

namespace Aevlp.Registry;

/// <summary>The registry's traces and metrics ("Aevlp.Registry" on the dashboard).</summary>
public sealed class RegistryTelemetry
{
    public const string Name = "Aevlp.Registry";

    public static readonly ActivitySource ActivitySource = new(Name);

    private readonly Counter<long> accepted;
    private readonly Counter<long> rejected;
    private readonly Counter<long> failed;
    private readonly Histogram<double> stageDuration;

    public RegistryTelemetry(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(Name);
        accepted = meter.CreateCounter<long>("aevlp.registry.runs.accepted", "{run}", "Runs accepted");
        rejected = meter.CreateCounter<long>("aevlp.registry.runs.rejected", "{request}", "Run requests rejected as invalid");
        failed = meter.CreateCounter<long>("aevlp.registry.runs.failed", "{run}", "Runs that ended FAILED, by stage");
        stageDuration = meter.CreateHistogram<double>("aevlp.registry.stage.duration", "s", "Time from dispatching a stage attempt to its end");
    }

    public void RunAccepted(string dataset) => accepted.Add(1, new KeyValuePair<string, object?>("dataset", dataset));

    public void RunRejected() => rejected.Add(1);

    public void RunFailed(string? stage) => failed.Add(1, new KeyValuePair<string, object?>("stage", stage));

    public void StageEnded(Stage stage, double seconds, string outcome) =>
        stageDuration.Record(seconds, new KeyValuePair<string, object?>("stage", stage.ToString()), new KeyValuePair<string, object?>("outcome", outcome));
}
