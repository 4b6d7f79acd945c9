using System.Collections.Concurrent;

namespace Aevlp.PseudoLabeler.Consumers;

/// <summary>The runs this replica is working on, so a <c>RunCancellationRequested</c> can stop the right one.</summary>
public sealed class RunCancellations
{
    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> running = new();

    /// <summary>A token cancelled by <see cref="Cancel"/> or by <paramref name="consumeToken"/> (host shutdown).</summary>
    public TrackedRun Track(Guid runId, CancellationToken consumeToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(consumeToken);
        running[runId] = source;
        return new TrackedRun(this, runId, source, consumeToken);
    }

    /// <returns>False when this replica is not working on the run.</returns>
    public bool Cancel(Guid runId)
    {
        if (!running.TryGetValue(runId, out var source)) return false;
        source.Cancel();
        return true;
    }

    public sealed class TrackedRun(RunCancellations owner, Guid runId, CancellationTokenSource source, CancellationToken consumeToken) : IDisposable
    {
        public CancellationToken Token => source.Token;

        /// <summary>Cancelled because a user asked, not because the host is stopping (then the message must be redelivered).</summary>
        public bool CancelledByUser => source.IsCancellationRequested && !consumeToken.IsCancellationRequested;

        public void Dispose()
        {
            owner.running.TryRemove(new KeyValuePair<Guid, CancellationTokenSource>(runId, source));
            source.Dispose();
        }
    }
}
