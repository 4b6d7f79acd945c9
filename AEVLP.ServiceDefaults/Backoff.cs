using Azure.Core;
using MassTransit;
using Polly;
using Polly.Retry;

namespace Aevlp.ServiceDefaults;

/// <summary>The platform's retry schedules, in one place: exponential back-off from <see cref="First"/>, capped at <see cref="Max"/>,
/// <see cref="Retries"/> times. Each named schedule says what it must outlive.</summary>
public sealed record Backoff(int Retries, TimeSpan First, TimeSpan Max)
{
    /// <summary>About 40 s: longer than the 30 s a run lease lasts, so a transfer or a report outlives any outage a lease
    /// survives (blob storage calls; the trainer's epoch reports to the bus and the tracker).</summary>
    public static readonly Backoff ThroughOutage = new(8, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(8));

    /// <summary>A consumer's transient failure, retried in place by MassTransit before the message goes to its error queue.</summary>
    public static readonly Backoff Consumer = new(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10));

    /// <summary>The registry's consumers write to PostgreSQL: about a minute, to span a database restart.</summary>
    public static readonly Backoff ThroughDatabaseRestart = new(5, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

    public void Apply(IRetryConfigurator retry) => retry.Exponential(Retries, First, Max, First);

    public void Apply(RetryOptions retry)
    {
        retry.Mode = RetryMode.Exponential;
        retry.MaxRetries = Retries;
        retry.Delay = First;
        retry.MaxDelay = Max;
    }

    /// <summary>A Polly pipeline of this schedule for any exception but cancellation.</summary>
    public ResiliencePipeline Pipeline() => new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException),
            BackoffType = DelayBackoffType.Exponential,
            MaxRetryAttempts = Retries,
            Delay = First,
            MaxDelay = Max,
        })
        .Build();
}
