using System.Diagnostics;
using Aevlp.ServiceDefaults;
using OpenTelemetry.Trace;

namespace Aevlp.Registry.Tests.ServiceDefaults;

/// <summary>Heartbeat sends and the registry's handling of them are dropped from traces; every other span is the inner
/// sampler's to decide.</summary>
public sealed class HeartbeatSamplerTests
{
    private readonly HeartbeatSampler sampler = new(new AlwaysOnSampler());

    [Theory]
    [InlineData("Aevlp.Contracts:StageProgressed send", SamplingDecision.Drop)]
    [InlineData("Aevlp.Contracts:TrainingProgressed send", SamplingDecision.Drop)]
    [InlineData("progress receive", SamplingDecision.Drop)]
    [InlineData("progress process", SamplingDecision.Drop)]
    [InlineData("Aevlp.Contracts:ModelRegistered send", SamplingDecision.RecordAndSample)]
    [InlineData("stage-events process", SamplingDecision.RecordAndSample)]
    [InlineData("Training run", SamplingDecision.RecordAndSample)]
    public void Only_heartbeats_are_dropped(string span, SamplingDecision expected)
    {
        var parameters = new SamplingParameters(default, ActivityTraceId.CreateRandom(), span, ActivityKind.Internal);

        Assert.Equal(expected, sampler.ShouldSample(parameters).Decision);
    }
}
