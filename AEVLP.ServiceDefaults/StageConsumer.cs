using System.Diagnostics;
using Aevlp.Contracts;
using Aevlp.Storage;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aevlp.ServiceDefaults;

/// <summary>What every stage consumer needs from its service.</summary>
public sealed record StageConsumerServices(BlobStore Store, LocalBlobCache Cache, RunCancellations Cancellations, IHostApplicationLifetime Lifetime,
    ILoggerFactory Loggers);

/// <summary>
/// The one shape of a worker's consumer of a stage command. Per delivery: (0) tell the registry the command was received
/// (<see cref="StageReceived"/>), so its watchdog tells a queued command from a silent worker, (1) take the run's stage lease when one replica
/// owns the stage (a duplicate delivery finds it held and is dropped), (2) do the work, stoppable by the host shutting
/// down, by losing the lease, or by the user's cancel, (3) publish its outcome event, or <see cref="StageCancelled"/> after a
/// user's cancel, or <see cref="RunFailed"/> when the run's input is wrong (<see cref="IsInputProblem"/>). Anything else —
/// storage or broker trouble, the host stopping, a bug — propagates, so MassTransit retries or redelivers the message and a
/// bug is never mistaken for a bad run.
/// </summary>
public abstract class StageConsumer<TCommand>(StageConsumerServices services) : IConsumer<TCommand> where TCommand : class, IStageCommand
{
    protected StageConsumerServices Services { get; } = services;

    protected abstract Stage Stage { get; }

    protected abstract ActivitySource Activities { get; }

    /// <summary>This replica's name in its progress reports.</summary>
    protected abstract string Worker { get; }

    /// <summary>Whether one replica owns the run's stage (a lease on <c>runs/{id}/{stage}.lease</c>); false where the work is
    /// shared by other means (the pseudo-labeler leases each cache key).</summary>
    protected virtual bool LeasesTheRun => true;

    private ILogger? logger;

    protected ILogger Logger => logger ??= Services.Loggers.CreateLogger(GetType());

    /// <summary>The work; returns the event that reports its outcome to the registry.</summary>
    protected abstract Task<object> RunAsync(ConsumeContext<TCommand> context, CancellationToken cancellationToken);

    /// <summary>Called once per delivery that ends the stage: "done", "cancelled" or "failed".</summary>
    protected virtual void Ended(string outcome)
    {
    }

    /// <summary>The one definition of a permanent failure: the run's input is wrong (<see cref="InvalidInputException"/>), or
    /// a file of it does not decode (<see cref="InvalidDataException"/>, naming the file). A retry cannot fix either.</summary>
    public static bool IsInputProblem(Exception error) => error is InvalidInputException or InvalidDataException;

    public async Task Consume(ConsumeContext<TCommand> context)
    {
        var command = context.Message;
        using var activity = Activities.StartActivity($"{Stage} run");
        activity?.SetTag("aevlp.run_id", command.RunId);
        var stopping = Services.Lifetime.ApplicationStopping;
        // Before anything can fail: a replica that dies from here on leaves the message unacknowledged (RabbitMQ hands it on)
        // or the registry counting its silence, never a command both out of the queue and unknown to the watchdog.
        await context.Publish(new StageReceived(command.RunId, Stage, command.Attempt, Worker), stopping);
        await using var lease = LeasesTheRun ? await BlobLease.TryAcquireAsync(Services.Store, command.RunId, Stage, stopping) : null;
        if (LeasesTheRun && lease is null)
        {
            Logger.LogInformation("Run {RunId} attempt {Attempt}: {Stage} is held by another replica; dropping this delivery", command.RunId, command.Attempt, Stage);
            return;
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stopping, lease?.Lost ?? CancellationToken.None);
        using var run = Services.Cancellations.Track(command.RunId, stop.Token);
        try
        {
            var outcome = await RunAsync(context, run.Token);
            await context.Publish(outcome, outcome.GetType(), CancellationToken.None);
            Ended("done");
        }
        catch (OperationCanceledException) when (run.CancelledByUser)
        {
            Logger.LogInformation("Run {RunId}: {Stage} cancelled", command.RunId, Stage);
            await context.Publish(new StageCancelled(command.RunId, Stage, command.Attempt), CancellationToken.None);
            Ended("cancelled");
        }
        catch (Exception error) when (IsInputProblem(error))
        {
            // The reason names blobs (datasets/x/1/images/…), not this replica's local copies of them.
            var reason = Services.Cache.BlobNamesIn(error.Message);
            Logger.LogWarning("Run {RunId}: {Stage} failed: {Reason}", command.RunId, Stage, reason);
            await context.Publish(new RunFailed(command.RunId, Stage, command.Attempt, reason), CancellationToken.None);
            Ended("failed");
        }
    }
}

public static class StageWorkerExtensions
{
    /// <summary>A stage worker's bus: its stage consumer (<see cref="StageConsumer{TCommand}"/>) and the fan-out cancellation queue
    /// every replica listens on. The service registers its <see cref="LocalBlobCache"/>.</summary>
    public static void AddStageConsumer<TConsumer>(this IBusRegistrationConfigurator bus, Type? definition = null) where TConsumer : class, IConsumer
    {
        bus.AddSingleton<StageConsumerServices>();
        bus.AddConsumer<TConsumer>(definition);
        bus.AddRunCancellation();
    }
}
