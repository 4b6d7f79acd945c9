using System.Collections.Concurrent;
using Aevlp.Contracts;
using MassTransit;

namespace Aevlp.Registry.Tests.Support;

/// <summary>Everything the registry publishes that a test watches for: the commands a worker would take and
/// the registry's own events.</summary>
public sealed class MessageLog
{
    private readonly ConcurrentQueue<object> messages = new();

    public void Add(object message) => messages.Enqueue(message);

    public IReadOnlyList<T> All<T>(Func<T, bool> predicate) => messages.OfType<T>().Where(predicate).ToList();

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
    public Task Consume(ConsumeContext<GeneratePseudoLabels> context) => Record(context.Message);

    public Task Consume(ConsumeContext<TrainModel> context) => Record(context.Message);

    public Task Consume(ConsumeContext<EvaluateModel> context) => Record(context.Message);

    public Task Consume(ConsumeContext<RunCancellationRequested> context) => Record(context.Message);

    public Task Consume(ConsumeContext<RunAccepted> context) => Record(context.Message);

    public Task Consume(ConsumeContext<RunRejected> context) => Record(context.Message);

    public Task Consume(ConsumeContext<ModelRegistered> context) => Record(context.Message);

    private Task Record(object message)
    {
        log.Add(message);
        return Task.CompletedTask;
    }
}
