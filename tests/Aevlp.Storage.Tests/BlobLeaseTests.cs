using Aevlp.Contracts;

namespace Aevlp.Storage.Tests;

[Collection(BlobsCollection.Name)]
public sealed class BlobLeaseTests(BlobsFixture blobs)
{
    [Fact]
    public async Task Only_one_worker_holds_a_run_and_it_is_free_again_after_release()
    {
        var store = await blobs.StoreAsync();
        var runId = Guid.NewGuid();

        var first = await BlobLease.TryAcquireAsync(store, runId, Stage.Training, CancellationToken.None);
        var second = await BlobLease.TryAcquireAsync(store, runId, Stage.Training, CancellationToken.None);
        Assert.NotNull(first);
        Assert.Null(second);

        await first.DisposeAsync();
        await using var third = await BlobLease.TryAcquireAsync(store, runId, Stage.Training, CancellationToken.None);
        Assert.NotNull(third);
    }

    [Fact]
    public async Task The_lease_is_renewed_past_its_duration()
    {
        var store = await blobs.StoreAsync();
        var runId = Guid.NewGuid();
        await using var held = await BlobLease.TryAcquireAsync(store, runId, Stage.Evaluation, CancellationToken.None);

        await Task.Delay(BlobLease.Duration + TimeSpan.FromSeconds(5));

        Assert.False(held!.Lost.IsCancellationRequested);
        Assert.Null(await BlobLease.TryAcquireAsync(store, runId, Stage.Evaluation, CancellationToken.None));
    }
}
