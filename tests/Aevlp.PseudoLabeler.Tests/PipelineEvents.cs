using System.Collections.Concurrent;
using Aevlp.Contracts;
using MassTransit;

namespace Aevlp.PseudoLabeler.Tests;

/// <summary>Every event the pseudo-labeler published, in arrival order, waitable per run.</summary>
public sealed class PipelineEvents
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly ConcurrentQueue<object> received = new();
    private readonly SemaphoreSlim arrived = new(0);

    public void Add(object message)
    {
        received.Enqueue(message);
        arrived.Release();
    }

    public IReadOnlyList<T> Of<T>(Func<T, bool> predicate) => received.OfType<T>().Where(predicate).ToArray();

    /// <summary>The first event of type T that matches, waiting for it to arrive.</summary>
    public async Task<T> WaitForAsync<T>(Func<T, bool> predicate)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            if (Of(predicate) is [var found, ..]) return found;
            try
            {
                await arrived.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No {typeof(T).Name} within {Patience}; received: {string.Join(", ", received)}");
            }
        }
    }
}

/// <summary>Records the pipeline's events, and a copy of every chunk the pseudo-labelers send each other (the test bus's own queue
/// is bound to their exchange too).</summary>
public sealed class PipelineEventsConsumer(PipelineEvents events) :
    IConsumer<PseudoLabelsReady>, IConsumer<RunFailed>, IConsumer<StageProgressed>, IConsumer<StageCancelled>, IConsumer<ScoreTeacherChunk>
{
    public Task Consume(ConsumeContext<ScoreTeacherChunk> context) => Record(context.Message);
    public Task Consume(ConsumeContext<PseudoLabelsReady> context) => Record(context.Message);
    public Task Consume(ConsumeContext<RunFailed> context) => Record(context.Message);
    public Task Consume(ConsumeContext<StageProgressed> context) => Record(context.Message);
    public Task Consume(ConsumeContext<StageCancelled> context) => Record(context.Message);

    private Task Record(object message)
    {
        events.Add(message);
        return Task.CompletedTask;
    }
}
