using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Aevlp.ServiceDefaults;

/// <summary>Logs each health check's changes of state, at the level a person must act on. ASP.NET Core's health check
/// service logs every unhealthy probe at Error, so a clean start (the bus connecting, the demo seeding) showed red error
/// counts on the dashboard. Here a check that has not passed yet is starting up (Debug); one that passed and then fails is a
/// Warning; one that has never passed for <see cref="StartupAllowance"/> is a Warning once; a recovery is Information.</summary>
public sealed partial class HealthTransitions(ILogger<HealthTransitions> logger, TimeProvider clock) : IHealthCheckPublisher
{
    public static readonly TimeSpan StartupAllowance = TimeSpan.FromMinutes(2);

    private readonly DateTimeOffset startedAt = clock.GetUtcNow();
    private readonly Dictionary<string, CheckState> states = [];

    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        lock (states)
        {
            foreach (var (name, entry) in report.Entries) Observe(name, entry);
        }
        return Task.CompletedTask;
    }

    private void Observe(string name, HealthReportEntry entry)
    {
        var state = states.GetValueOrDefault(name) ?? new CheckState();
        var passing = entry.Status == HealthStatus.Healthy;
        var reason = entry.Description ?? entry.Exception?.Message ?? entry.Status.ToString();
        if (passing && !state.Passing)
        {
            if (state.EverPassed) LogRecovered(name);
            else LogReady(name, clock.GetUtcNow() - startedAt);
        }
        else if (!passing && state.Passing) LogFailing(name, entry.Status, reason);
        else if (!passing && !state.EverPassed)
        {
            var waited = clock.GetUtcNow() - startedAt;
            if (waited < StartupAllowance) LogStarting(name, reason);
            else if (!state.ToldSlowStart) { LogNotReady(name, waited, reason); state = state with { ToldSlowStart = true }; }
        }
        states[name] = state with { Passing = passing, EverPassed = state.EverPassed || passing };
    }

    private sealed record CheckState(bool Passing = false, bool EverPassed = false, bool ToldSlowStart = false);

    [LoggerMessage(LogLevel.Debug, "Health check {Check} not ready yet: {Reason}")]
    private partial void LogStarting(string check, string reason);

    [LoggerMessage(LogLevel.Information, "Health check {Check} ready after {Elapsed}")]
    private partial void LogReady(string check, TimeSpan elapsed);

    [LoggerMessage(LogLevel.Warning, "Health check {Check} has not passed in {Elapsed} since start: {Reason}")]
    private partial void LogNotReady(string check, TimeSpan elapsed, string reason);

    [LoggerMessage(LogLevel.Warning, "Health check {Check} turned {Status}: {Reason}")]
    private partial void LogFailing(string check, HealthStatus status, string reason);

    [LoggerMessage(LogLevel.Information, "Health check {Check} recovered")]
    private partial void LogRecovered(string check);
}
