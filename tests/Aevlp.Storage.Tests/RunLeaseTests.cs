namespace Aevlp.Storage.Tests;

[Collection(BlobsCollection.Name)]
public sealed class RunLeaseTests(BlobsFixture blobs)
{
    [Fact]
    public async Task Only_one_worker_holds_a_run_and_it_is_free_again_after_release()
    {
        var store = await blobs.StoreAsync();
        var runId = Guid.NewGuid();

        var first = await RunLease.TryAcquireAsync(store, runId, "training", CancellationToken.None);
        var second = await RunLease.TryAcquireAsync(store, runId, "training", CancellationToken.None);
        Assert.NotNull(first);
        Assert.Null(second);

        await first.DisposeAsync();
        await using var third = await RunLease.TryAcquireAsync(store, runId, "training", CancellationToken.None);
        Assert.NotNull(third);
    }

    [Fact]
    public async Task The_lease_is_renewed_past_its_duration()
    {
        var store = await blobs.StoreAsync();
        var runId = Guid.NewGuid();
        await using var held = await RunLease.TryAcquireAsync(store, runId, "evaluation", CancellationToken.None);

        await Task.Delay(RunLease.Duration + TimeSpan.FromSeconds(5));

        Assert.False(held!.Lost.IsCancellationRequested);
        Assert.Null(await RunLease.TryAcquireAsync(store, runId, "evaluation", CancellationToken.None));
    }
}
