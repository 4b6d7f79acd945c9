using Aevlp.Registry.Api;
using Aevlp.Registry.Models;
using Aevlp.Registry.Search;
using Aevlp.Registry.Storage;
using Microsoft.Extensions.Options;

namespace Aevlp.Registry.Pipeline;

/// <summary>Finds runs whose worker has gone silent for longer than <see cref="RegistryOptions.StageTimeout"/>
/// (no StageProgressed/TrainingProgressed, no stage event) and acts: a stalled stage goes to a new attempt
/// until <see cref="RegistryOptions.MaxAttempts"/>, then the run is FAILED; a start cut short is finished; a
/// cancel no worker confirmed ends KILLED; a sweep or search left with no trial in progress admits its waiting trials
/// or ends. Every action is a guarded transition, so replicas may race.</summary>
public sealed class StageWatchdog(IServiceScopeFactory scopes, IOptions<RegistryOptions> options, ILogger<StageWatchdog> logger)
    : BackgroundService
{
    private readonly RegistryOptions settings = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.WatchdogInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await CheckAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The next tick tries again; a database blip must not stop the watchdog for good.
                logger.LogError(e, "Watchdog check failed");
            }
        }
    }

    private async Task CheckAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var store = services.GetRequiredService<RunStore>();
        foreach (var run in await store.StalledAsync(settings.StageTimeout, ct))
        {
            await ActAsync(run, services, ct);
        }
        foreach (var parent in await store.IdleParentsAsync(settings.StageTimeout, ct))
        {
            await ResumeParentAsync(parent, services, ct);
        }
    }

    /// <summary>A sweep or search with no trial in progress: admits its waiting trials, or ends it when none is left.</summary>
    private async Task ResumeParentAsync(RunRecord parent, IServiceProvider services, CancellationToken ct)
    {
        var admitted = await services.GetRequiredService<SearchScheduler>().OnTrialEndedAsync(parent.Id, ct);
        if (admitted > 0) logger.LogWarning("Search {RunId} had no trial in progress: admitted {Trials} waiting trials", parent.Id, admitted);
        if (await services.GetRequiredService<RunTransitions>().EndSweepAsync(parent.Id, ct) is { } ended)
        {
            logger.LogWarning("Sweep {RunId} had ended children but was still {Status}: ended it", parent.Id, parent.Status);
            await services.GetRequiredService<RunCompletion>().OnEndedAsync(ended, ct);
        }
    }

    private async Task ActAsync(RunRecord run, IServiceProvider services, CancellationToken ct)
    {
        var transitions = services.GetRequiredService<RunTransitions>();
        var completion = services.GetRequiredService<RunCompletion>();
        switch (run.Status)
        {
            case RunStatus.Queued:
                await services.GetRequiredService<RunStarter>().StartAsync(run.Id, ct);
                break;
            case RunStatus.Cancelling when await transitions.KillAsync(run.Id, run.CurrentStage, run.Attempt, ct) is { } killed:
                await completion.OnEndedAsync(killed, ct);
                break;
            case RunStatus.Running when run.Attempt >= settings.MaxAttempts:
                var reason = $"{run.Stage}: no word from a worker for {settings.StageTimeout} in each of {run.Attempt} attempts";
                if (await transitions.EndAsync(run.Id, run.CurrentStage!.Value, run.Attempt, RunStatus.Failed, reason, ct) is { } failed)
                {
                    await completion.OnEndedAsync(failed, ct);
                }
                break;
            case RunStatus.Running when await transitions.RetryAsync(run.Id, run.CurrentStage!.Value, run.Attempt, ct) is { } retried:
                logger.LogWarning("Run {RunId}: {Stage} attempt {Attempt} went silent; dispatching attempt {Next}", run.Id, run.Stage, run.Attempt, retried.Attempt);
                await services.GetRequiredService<StageDispatcher>().DispatchAsync(retried, ct);
                break;
        }
    }
}
