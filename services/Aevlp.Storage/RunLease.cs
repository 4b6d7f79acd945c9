using Azure;
using Azure.Storage.Blobs.Specialized;

namespace Aevlp.Storage;

/// <summary>Exclusive ownership of one run's stage by one worker, held as a blob lease on
/// <c>runs/{runId}/{stage}.lease</c> and renewed in the background. A worker that dies stops renewing and
/// the lease expires, so another replica can take the run over; a duplicate delivery of the same work
/// finds the lease taken and is dropped. If renewing fails for longer than the lease lasts, <see cref="Lost"/>
/// fires: the work must stop, because another worker may own it now.</summary>
public sealed class RunLease : IAsyncDisposable
{
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(30);

    private readonly BlobLeaseClient lease;
    private readonly CancellationTokenSource stopRenewing = new();
    private readonly CancellationTokenSource lost = new();
    private readonly Task renewing;

    private RunLease(BlobLeaseClient lease)
    {
        this.lease = lease;
        renewing = RenewAsync(stopRenewing.Token);
    }

    public CancellationToken Lost => lost.Token;

    /// <summary>Null when another worker holds the lease.</summary>
    public static Task<RunLease?> TryAcquireAsync(BlobStore store, Guid runId, string stage, CancellationToken cancellationToken) =>
        TryAcquireAsync(store, BlobLayout.Run(runId, $"{stage}.lease"), cancellationToken);

    /// <summary>A lease on any blob (created empty if missing), for work keyed by something other than a run:
    /// the pseudo-labeler's cache key, the demo dataset's seeding. Null when another worker holds it.</summary>
    public static async Task<RunLease?> TryAcquireAsync(BlobStore store, BlobPath path, CancellationToken cancellationToken)
    {
        await store.TryCreateAsync(path, Stream.Null, cancellationToken);
        var client = store.LeaseClient(path);
        try
        {
            await client.AcquireAsync(Duration, cancellationToken: cancellationToken);
            return new RunLease(client);
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
