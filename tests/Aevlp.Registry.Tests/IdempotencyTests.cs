using System.Net;
using System.Net.Http.Json;
using Aevlp.Contracts;
using Aevlp.Registry.Api;
using Aevlp.Registry.Tests.Support;
using MassTransit;

namespace Aevlp.Registry.Tests;

/// <summary>The same request twice, even five at once, is one run.</summary>
[Collection(RegistryCollection.Name)]
public sealed class IdempotencyTests(RegistryFixture fixture)
{
    private const int Duplicates = 5;
    private readonly RegistryClient registry = new(fixture);

    [Fact]
    public async Task Five_concurrent_posts_with_one_key_create_one_run()
    {
        var dataset = await registry.NewDatasetAsync();
        var request = new { idempotencyKey = Guid.NewGuid().ToString(), dataset };

        var responses = await Task.WhenAll(Enumerable.Range(0, Duplicates).Select(_ => registry.PostRunAsync(request)));

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.Accepted, response.StatusCode));
        var created = await Task.WhenAll(responses.Select(response => response.Content.ReadFromJsonAsync<RunCreated>()));
        Assert.Single(created.Select(run => run!.RunId).Distinct());
        Assert.Single(created, run => run!.Created);
        Assert.Single(await RunsOfAsync(dataset));
    }

    [Fact]
    public async Task Five_concurrent_bus_messages_with_one_key_create_one_run()
    {
        var dataset = await registry.NewDatasetAsync();
        var key = Guid.NewGuid().ToString();

        await Task.WhenAll(Enumerable.Range(0, Duplicates).Select(_ => fixture.Bus.Publish(new TrainRequested { IdempotencyKey = key, Dataset = dataset })));

        var accepted = await fixture.Messages.WaitForAsync<RunAccepted>(a => a.IdempotencyKey == key);
        await WaitUntilConsumedAsync();
        Assert.Single(fixture.Messages.All<RunAccepted>(a => a.IdempotencyKey == key));
        Assert.Equal(accepted.RunId, Assert.Single(await RunsOfAsync(dataset)).Id);
    }

    [Fact]
    public async Task A_redelivered_message_without_a_key_finds_the_run_it_created()
    {
        var dataset = await registry.NewDatasetAsync();
        var messageId = NewId.NextGuid();

        for (var i = 0; i < 2; i++)
        {
            await fixture.Bus.Publish(new TrainRequested { Dataset = dataset }, context => context.MessageId = messageId);
        }

        await fixture.Messages.WaitForAsync<RunAccepted>(a => a.RunId == messageId);
        await WaitUntilConsumedAsync();
        Assert.Equal(messageId, Assert.Single(await RunsOfAsync(dataset)).Id);
    }

    // The duplicates leave no trace to wait for; a few seconds is ample for the registry to consume them.
    private static Task WaitUntilConsumedAsync() => Task.Delay(TimeSpan.FromSeconds(3));

    private async Task<List<RunSummary>> RunsOfAsync(string dataset)
    {
        var page = await fixture.Http.GetFromJsonAsync<PaginatedItems<RunSummary>>($"/api/runs?pageSize={RunsApi.MaxPageSize}");
        return page!.Data.Where(run => run.Dataset == dataset).ToList();
    }
}
