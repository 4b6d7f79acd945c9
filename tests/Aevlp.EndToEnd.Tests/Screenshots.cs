using Aevlp.ML.Training;
using Aevlp.Registry.Api;
using Aevlp.Testing;
using Aspire.Hosting.Testing;
using Microsoft.Playwright;

namespace Aevlp.EndToEnd.Tests;

/// <summary>What a user sees after a run, in chromium: the Aspire dashboard's resources page with every resource running and
/// healthy, its metrics pages with the pseudo-labeler's and the trainer's instruments, the run's one trace across the services
/// (<see cref="DashboardTrace"/>), and the tracker's run page with the training curve. Each is saved as a PNG in
/// <see cref="Folder"/> (docs/images holds copies).</summary>
public static class Screenshots
{
    /// <summary><c>AEVLP_SCREENSHOTS_DIR</c>, else aevlp-screenshots in the temp folder.</summary>
    public static string Folder => Environment.GetEnvironmentVariable("AEVLP_SCREENSHOTS_DIR") is { Length: > 0 } folder
        ? folder : Path.Combine(Path.GetTempPath(), "aevlp-screenshots");

    private static readonly ViewportSize Viewport = new() { Width = 1280, Height = 800 };

    // Health checks run every few seconds and may miss one under load; a resource unhealthy this long is a finding.
    private static readonly TimeSpan HealthyWithin = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan FirstRenderWithin = TimeSpan.FromSeconds(90);

    /// <summary>Each resource row of the resources page as "name: state tooltip", with " (no success icon)" when its state
    /// icon is not the green checkmark. The tooltip reads exactly "Running" only for a running resource whose health checks
    /// pass (Aspire's ResourceStateViewModel: running but unhealthy, or without a health report yet, reads "Running
    /// (Unhealthy)" with a warning icon and another tooltip).</summary>
    private const string ResourceStates = """
        () => [...document.querySelectorAll('tr.resource-row')].map(row => {
            const state = row.querySelector('.state-column-cell');
            const success = state?.querySelector('svg.severity-icon[style*="var(--success)"]');
            return `${row.querySelector('.resource-name-text')?.textContent}: ${state?.closest('td').title}${success ? '' : ' (no success icon)'}`;
        })
        """;

    // The instruments each service's own meter reports during a run (OpenTelemetry, AddServiceTelemetry); the trainer's
    // page is the one saved.
    private static readonly (string Resource, string Instrument)[] Instruments =
    [
        ("pseudolabeler", "aevlp.pseudolabeler.views_per_second"),
        ("trainer", "aevlp.trainer.val_map"),
    ];

    public static async Task TakeAsync(DashboardPlatform platform, RunDetails run)
    {
        Directory.CreateDirectory(Folder);
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.Browser.NewPageAsync(new() { ViewportSize = Viewport });
        var dashboard = platform.DashboardUri!;

        await page.GotoAsync(dashboard.ToString());
        // The dashboard's first render (Blazor Server, a fresh circuit) took over 30 s once on a loaded 2-core machine.
        await page.GetByText("Experiment tracker").First.WaitForAsync(new() { Timeout = (float)FirstRenderWithin.TotalMilliseconds });
        await AssertEveryResourceHealthyAsync(page);
        await SaveAsync(page, "dashboard-resources.png");

        foreach (var (resource, instrument) in Instruments)
        {
            await page.GotoAsync(new Uri(dashboard, $"metrics/resource/{resource}").ToString());
            await page.GetByText(instrument, new() { Exact = true }).First.WaitForAsync();
        }
        await SaveAsync(page, "dashboard-metrics.png");

        await DashboardTrace.AssertAsync(page, dashboard, run.Links.TraceId);
        await SaveAsync(page, "dashboard-trace.png");

        await AssertTrainingCurveAsync(page, platform, run);
        await SaveAsync(page, "tracker-run.png");
    }

    private static Task SaveAsync(IPage page, string name) => page.ScreenshotAsync(new() { Path = Path.Combine(Folder, name) });

    private static async Task AssertEveryResourceHealthyAsync(IPage page)
    {
        var healthy = $$"""
            () => {
                const states = ({{ResourceStates}})();
                return {{AppModel.Services.Length}} <= states.length && states.every(s => s.endsWith(': Running'));
            }
            """;
        // The timeout is not the verdict: the assertions below name what was not running and healthy.
        try { await page.WaitForFunctionAsync(healthy, null, new() { Timeout = (float)HealthyWithin.TotalMilliseconds }); }
        catch (TimeoutException) { }

        var states = await page.EvaluateAsync<string[]>(ResourceStates);
        Assert.Superset(AppModel.Services.Select(s => $"{s}: Running").ToHashSet(), states.ToHashSet());
        Assert.All(states, state => Assert.EndsWith(": Running", state));
    }

    private static async Task AssertTrainingCurveAsync(IPage page, DashboardPlatform platform, RunDetails run)
    {
        var tracker = platform.App.GetEndpoint("tracking", "http");
        await Chromium.LogInToTrackerAsync(page, tracker, platform.ApiKey);
        await page.GotoAsync(new Uri(tracker, $"runs/{run.Links.TrackingRunId}").ToString());
        var curve = page.Locator("figure.artifact-image img");
        await page.WaitForFunctionAsync("() => document.querySelector('figure.artifact-image img')?.naturalWidth > 0");
        Assert.Equal(TrainingCurve.Width, await curve.EvaluateAsync<int>("img => img.naturalWidth"));
        Assert.Equal(TrainingCurve.ArtifactName, await page.Locator("figure.artifact-image figcaption").InnerTextAsync());
    }
}

/// <summary>The platform with the Aspire dashboard on, as <c>dotnet run</c> has it.</summary>
public sealed class DashboardPlatform : PlatformFixture
{
    protected override bool Dashboard => true;
}
