using System.Collections.Concurrent;
using Aevlp.Contracts;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aevlp.ServiceDefaults;

/// <summary>The runs this worker replica is working on, so a <c>RunCancellationRequested</c> can stop the right one.</summary>
public sealed class RunCancellations
{
    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> running = new();

    /// <summary>A token cancelled by <see cref="Cancel"/> or by <paramref name="consumeToken"/> (host shutdown, or
    /// anything else that must stop the work without it counting as a user's cancellation).</summary>
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

/// <summary>Stops this replica's work on a cancelled run.</summary>
public sealed class RunCancellationConsumer(RunCancellations cancellations, ILogger<RunCancellationConsumer> logger)
    : IConsumer<RunCancellationRequested>
{
    public Task Consume(ConsumeContext<RunCancellationRequested> context)
    {
        if (cancellations.Cancel(context.Message.RunId))
            logger.LogInformation("Run {RunId}: cancellation requested; stopping", context.Message.RunId);
        return Task.CompletedTask;
    }
}

public static class RunCancellationExtensions
{
    /// <summary>Registers <see cref="RunCancellations"/> and its consumer on a temporary queue per replica, so every
    /// replica hears every cancellation (fan-out), not just one of them.</summary>
    public static void AddRunCancellation(this IBusRegistrationConfigurator bus)
    {
        bus.AddSingleton<RunCancellations>();
        bus.AddConsumer<RunCancellationConsumer>().Endpoint(endpoint =>
        {
            endpoint.Temporary = true;
            endpoint.InstanceId = $"{Environment.MachineName}-{Environment.ProcessId}";
        });
    }
}
