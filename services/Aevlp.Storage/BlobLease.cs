using Aevlp.Contracts;
using Azure;
using Azure.Storage.Blobs.Specialized;

namespace Aevlp.Storage;

/// <summary>Exclusive ownership of a piece of work by one worker: a run's stage (<c>runs/{runId}/{stage}.lease</c>), a
/// pseudo-label key, the demo's seeding, an asset's import. Held as a blob lease, renewed in the background. A worker that dies stops renewing and
/// the lease expires, so another replica can take the run over; a duplicate delivery of the same work
/// finds the lease taken and is dropped. If renewing fails for longer than the lease lasts, <see cref="Lost"/>
/// fires: the work must stop, because another worker may own it now.</summary>
public sealed class BlobLease : IAsyncDisposable
{
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(30);

    /// <summary>How often a worker waiting on another's lease looks again.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    private readonly BlobLeaseClient lease;
    private readonly CancellationTokenSource stopRenewing = new();
    private readonly CancellationTokenSource lost = new();
    private readonly Task renewing;

    private BlobLease(BlobLeaseClient lease)
    {
        this.lease = lease;
        renewing = RenewAsync(stopRenewing.Token);
    }

    public CancellationToken Lost => lost.Token;

    /// <summary>The lease of a run's stage; null when another worker holds it.</summary>
    public static Task<BlobLease?> TryAcquireAsync(BlobStore store, Guid runId, Stage stage, CancellationToken cancellationToken) =>
        TryAcquireAsync(store, BlobLayout.StageLease(runId, stage), cancellationToken);

    /// <summary>Lock-or-wait for work whose result <paramref name="isDone"/> detects: the lease when the work still needs
    /// doing (and is now this caller's), or null once it is done, by another worker while this one waited (each wait is
    /// reported to <paramref name="onWaiting"/>) or before the lease was taken.</summary>
    public static async Task<BlobLease?> AcquireUnlessDoneAsync(BlobStore store, BlobPath path, Func<CancellationToken, Task<bool>> isDone,
        Action onWaiting, CancellationToken cancellationToken)
    {
        while (!await isDone(cancellationToken))
        {
            if (await TryAcquireAsync(store, path, cancellationToken) is { } lease)
            {
                if (!await isDone(cancellationToken)) return lease;
                await lease.DisposeAsync();   // finished between the look and the lease
                return null;
            }
            onWaiting();
            await Task.Delay(PollInterval, cancellationToken);
        }
        return null;
    }

    /// <summary>A lease on any blob (created empty if missing), for work keyed by something other than a run:
    /// the pseudo-labeler's cache key, the demo dataset's seeding. Null when another worker holds it.</summary>
    public static async Task<BlobLease?> TryAcquireAsync(BlobStore store, BlobPath path, CancellationToken cancellationToken)
    {
        await store.TryCreateAsync(path, Stream.Null, cancellationToken);
        var client = store.LeaseClient(path);
        try
        {
            await client.AcquireAsync(Duration, cancellationToken: cancellationToken);
            return new BlobLease(client);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return null;
        }
    }

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Duration / 3);
        var renewed = DateTime.UtcNow;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    await lease.RenewAsync(cancellationToken: cancellationToken);
                    renewed = DateTime.UtcNow;
                }
                catch (RequestFailedException e) when (e.Status != 409 && DateTime.UtcNow - renewed < Duration)
                {
                    // Storage blinked; the lease still has time left, so try again at the next tick.
                }
            }
        }
        catch (OperationCanceledException)
        {
            return; // released
        }
        catch (RequestFailedException)
        {
            // Lost (409: someone else holds it) or expired while storage was unreachable.
        }
        await lost.CancelAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await stopRenewing.CancelAsync();
        await renewing;
        if (!lost.IsCancellationRequested)
        {
            try
            {
                await lease.ReleaseAsync();
            }
            catch (RequestFailedException)
            {
                // Expired in the meantime: nothing left to release.
            }
        }
        stopRenewing.Dispose();
        lost.Dispose();
    }
}
