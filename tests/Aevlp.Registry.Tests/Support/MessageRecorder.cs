using System.Collections.Concurrent;
using System.Diagnostics;
using Aevlp.Contracts;
using MassTransit;

namespace Aevlp.Registry.Tests.Support;

/// <summary>Everything the registry publishes that a test watches for: the commands a worker would take and
/// the registry's own events, with the trace context each arrived with.</summary>
public sealed class MessageLog
{
    private readonly ConcurrentQueue<(object Message, string? TraceParent)> messages = new();

    public void Add(object message, string? traceParent) => messages.Enqueue((message, traceParent));

    public IReadOnlyList<T> All<T>(Func<T, bool> predicate) => messages.Select(m => m.Message).OfType<T>().Where(predicate).ToList();

    /// <summary>The W3C trace id of the context <paramref name="message"/> arrived with.</summary>
    public string? TraceIdOf(object message) =>
        ActivityContext.TryParse(messages.Single(m => ReferenceEquals(m.Message, message)).TraceParent, null, out var context)
            ? context.TraceId.ToHexString() : null;

    public async Task<T> WaitForAsync<T>(Func<T, bool> predicate, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            if (All(predicate).FirstOrDefault() is { } found) return found;
            await Task.Delay(100);
        }
        throw new TimeoutException($"No {typeof(T).Name} matching the test's condition arrived within {timeout ?? TimeSpan.FromSeconds(30)}.");
    }
}

public sealed class MessageRecorder(MessageLog log) :
    IConsumer<GeneratePseudoLabels>, IConsumer<TrainModel>, IConsumer<EvaluateModel>, IConsumer<RunCancellationRequested>,
    IConsumer<RunAccepted>, IConsumer<RunRejected>, IConsumer<ModelRegistered>
{
    public Task Consume(ConsumeContext<GeneratePseudoLabels> context) => Record(context);

    public Task Consume(ConsumeContext<TrainModel> context) => Record(context);

    public Task Consume(ConsumeContext<EvaluateModel> context) => Record(context);

    public Task Consume(ConsumeContext<RunCancellationRequested> context) => Record(context);

    public Task Consume(ConsumeContext<RunAccepted> context) => Record(context);

    public Task Consume(ConsumeContext<RunRejected> context) => Record(context);

    public Task Consume(ConsumeContext<ModelRegistered> context) => Record(context);

    private Task Record<T>(ConsumeContext<T> context) where T : class
    {
        // MassTransit 8 carries the sending activity's id, a W3C traceparent, in this header.
        log.Add(context.Message, context.Headers.Get<string>("MT-Activity-Id"));
        return Task.CompletedTask;
    }
}
