using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Aevlp.Registry.Api;
using Aevlp.Registry.Tests.Support;

namespace Aevlp.Registry.Tests;

/// <summary>One trace per run: the stage commands the registry publishes carry the trace of the request that started the
/// run, also when the event that triggers the dispatch comes from outside that trace.</summary>
[Collection(RegistryCollection.Name)]
public sealed class RunTraceTests(RegistryFixture fixture)
{
    private readonly RegistryClient registry = new(fixture);
    private readonly Workers workers = new(fixture);

    [Fact]
    public async Task Every_stage_command_joins_the_trace_of_the_request_that_started_the_run()
    {
        var dataset = await registry.NewDatasetAsync();
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/runs") { Content = JsonContent.Create(new { dataset }) };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        using var response = await fixture.Http.SendAsync(request);
        var runId = (await response.Content.ReadFromJsonAsync<RunCreated>(JsonSerializerOptions.Web))!.RunId;

        Assert.Equal(traceId, fixture.Messages.TraceIdOf(await workers.PseudoLabelsCommandAsync(runId)));
        // This test's bus publishes the worker's answer with no trace context at all.
        await workers.PublishAsync(Workers.PseudoLabelsReady(runId));
        Assert.Equal(traceId, fixture.Messages.TraceIdOf(await workers.TrainCommandAsync(runId)));
        Assert.Equal(traceId, (await registry.GetRunAsync(runId)).Links.TraceId);
    }
}
