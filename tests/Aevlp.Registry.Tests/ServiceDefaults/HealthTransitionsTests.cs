using Aevlp.ServiceDefaults;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Aevlp.Registry.Tests.ServiceDefaults;

/// <summary>Starting up is not an error: a check that has not passed yet logs at Debug; a failure after it passed, or a start
/// that takes too long, is a Warning once; a recovery is Information.</summary>
public sealed class HealthTransitionsTests
{
    private readonly FakeTimeProvider clock = new();
    private readonly FakeLogger<HealthTransitions> logger = new();

    [Fact]
    public async Task A_start_logs_no_warning_and_a_later_failure_logs_one()
    {
        var transitions = new HealthTransitions(logger, clock);

        await transitions.PublishAsync(Report(HealthStatus.Unhealthy, "bus not started"), CancellationToken.None);
        await transitions.PublishAsync(Report(HealthStatus.Unhealthy, "bus not started"), CancellationToken.None);
        await transitions.PublishAsync(Report(HealthStatus.Healthy), CancellationToken.None);
        Assert.Equal([LogLevel.Debug, LogLevel.Debug, LogLevel.Information], Levels());

        await transitions.PublishAsync(Report(HealthStatus.Unhealthy, "connection refused"), CancellationToken.None);
        await transitions.PublishAsync(Report(HealthStatus.Unhealthy, "connection refused"), CancellationToken.None);
        await transitions.PublishAsync(Report(HealthStatus.Healthy), CancellationToken.None);
        Assert.Equal([LogLevel.Warning, LogLevel.Information], Levels()[3..]);
        Assert.Contains("connection refused", logger.Collector.GetSnapshot()[3].Message);
    }

    [Fact]
    public async Task A_check_that_never_passes_is_a_warning_once_past_the_startup_allowance()
    {
        var transitions = new HealthTransitions(logger, clock);
        await transitions.PublishAsync(Report(HealthStatus.Unhealthy, "seeding"), CancellationToken.None);

        clock.Advance(HealthTransitions.StartupAllowance);
        await transitions.PublishAsync(Report(HealthStatus.Unhealthy, "seeding"), CancellationToken.None);
        await transitions.PublishAsync(Report(HealthStatus.Unhealthy, "seeding"), CancellationToken.None);

        Assert.Equal([LogLevel.Debug, LogLevel.Warning], Levels());
    }

    private List<LogLevel> Levels() => [.. logger.Collector.GetSnapshot().Select(record => record.Level)];

    private static HealthReport Report(HealthStatus status, string? description = null) =>
        new(new Dictionary<string, HealthReportEntry> { ["bus"] = new(status, description, TimeSpan.Zero, null, null) }, TimeSpan.Zero);
}
