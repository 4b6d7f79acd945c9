using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aevlp.PseudoLabeler.Demo;

/// <summary>Where seeding the demo stands, as a readiness check: unhealthy while seeding (the AppHost and tests
/// wait for it), degraded if it failed (every other dataset still works).</summary>
public sealed class DemoAssetsStatus : IHealthCheck
{
    private readonly Lock gate = new();
    private HealthCheckResult current = HealthCheckResult.Unhealthy("seeding the demo dataset and teacher");

    public void Ready(string description) => Set(HealthCheckResult.Healthy(description));

    public void Failed(string reason) => Set(HealthCheckResult.Degraded($"demo assets unavailable: {reason}"));

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        lock (gate) return Task.FromResult(current);
    }

    private void Set(HealthCheckResult result)
    {
        lock (gate) current = result;
    }
}
