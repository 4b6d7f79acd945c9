using System.Collections.Concurrent;

namespace Aevlp.Trainer.Training;

/// <summary>The runs this replica is training, so a <c>RunCancellationRequested</c> can reach the one that
/// holds the run.</summary>
public sealed class RunCancellations
{
    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> running = new();

    public CancellationTokenSource Register(Guid runId, params CancellationToken[] linked)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(linked);
        running[runId] = source;
        return source;
    }

    public void Unregister(Guid runId) => running.TryRemove(runId, out _);

    /// <summary>True when this replica held the run.</summary>
    public bool Cancel(Guid runId)
    {
        if (!running.TryGetValue(runId, out var source)) return false;
        source.Cancel();
        return true;
    }
}
