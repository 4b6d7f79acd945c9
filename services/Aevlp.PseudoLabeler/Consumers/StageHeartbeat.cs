using Aevlp.Contracts;
using Aevlp.ServiceDefaults;
using MassTransit;

namespace Aevlp.PseudoLabeler.Consumers;

/// <summary>Publishes <see cref="StageProgressed"/> (images done of total) at once and then every interval until
/// disposed, so the registry's watchdog knows the run is alive even while nothing else is published.</summary>
public sealed class StageHeartbeat : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task beating;

    public StageHeartbeat(IPublishEndpoint publisher, GeneratePseudoLabels command, JobProgress progress, TimeSpan interval) =>
        beating = BeatAsync(publisher, command, progress, interval, stop.Token);

    private static async Task BeatAsync(IPublishEndpoint publisher, GeneratePseudoLabels command, JobProgress progress,
        TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            do
            {
                await publisher.Publish(new StageProgressed(command.RunId, Stage.PseudoLabels, command.Attempt, WorkerName.Default,
                    progress.Done, progress.Total, "images"), cancellationToken);
            } while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Disposed: the run's outcome event follows.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await beating;
        stop.Dispose();
    }
}
