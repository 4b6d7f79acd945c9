using Aevlp.Contracts;
using OpenTelemetry.Trace;

namespace Aevlp.ServiceDefaults;

/// <summary>Keeps stage heartbeats out of traces: the workers' <see cref="StageProgressed"/> and <see cref="TrainingProgressed"/>
/// sends and the registry's handling of them (its <c>progress</c> queue, with the SQL below it). They come every few
/// seconds, so a run's trace grew with its wall time (a demo run under load: 483 spans, 370 of them heartbeats) and buried
/// the stages. A dropped span still carries the trace context, so nothing below it is recorded either; the registry still
/// records every heartbeat (the run's progress, the watchdog).</summary>
public sealed class HeartbeatSampler(Sampler inner) : Sampler
{
    // MassTransit names a send "{message type} send" and a consume "{queue} receive" / "{queue} process"; the registry's
    // ProgressConsumer reads the queue "progress" (its kebab-case endpoint name).
    private static readonly string[] Sends = [$"{typeof(StageProgressed).Namespace}:{nameof(StageProgressed)} send",
        $"{typeof(TrainingProgressed).Namespace}:{nameof(TrainingProgressed)} send"];
    private static readonly string[] Consumes = ["progress receive", "progress process"];

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        Sends.Contains(samplingParameters.Name) || Consumes.Contains(samplingParameters.Name)
            ? new SamplingResult(SamplingDecision.Drop)
            : inner.ShouldSample(samplingParameters);
}
