using Aevlp.ML.Training;
using Aevlp.Registry.Api;
using Aevlp.Testing;
using Aspire.Hosting.Testing;
using Microsoft.Playwright;

namespace Aevlp.EndToEnd.Tests;

/// <summary>What a user sees after a run, in chromium: the Aspire dashboard's resources page with every resource and its
/// metrics page with the trainer's instruments, and the tracker's run page with the training curve. Both are saved as PNGs in <see cref="Folder"/> (docs/images holds copies).</summary>
public static class Screenshots
{
    /// <summary><c>AEVLP_SCREENSHOTS_DIR</c>, else aevlp-screenshots in the temp folder.</summary>
    public static string Folder => Environment.GetEnvironmentVariable("AEVLP_SCREENSHOTS_DIR") is { Length: > 0 } folder
        ? folder : Path.Combine(Path.GetTempPath(), "aevlp-screenshots");

    private static readonly ViewportSize Viewport = new() { Width = 1280, Height = 800 };

    public static async Task TakeAsync(DashboardPlatform platform, RunDetails run)
    {
        Directory.CreateDirectory(Folder);
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.Browser.NewPageAsync(new() { ViewportSize = Viewport });

        await page.GotoAsync(platform.DashboardUri!.ToString());
        await page.GetByText("Experiment tracker").First.WaitForAsync();
        foreach (var resource in AppModel.Services)
        {
            await page.GetByText(resource, new() { Exact = true }).First.WaitForAsync();
        }
        await page.ScreenshotAsync(new() { Path = Path.Combine(Folder, "dashboard-resources.png") });

        // The trainer's own meter reached the dashboard (OpenTelemetry, AddServiceTelemetry).
        await page.GotoAsync(new Uri(platform.DashboardUri, "metrics/resource/trainer").ToString());
        await page.GetByText("aevlp.trainer.val_map").First.WaitForAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Folder, "dashboard-metrics.png") });

        var tracker = platform.App.GetEndpoint("tracking", "http");
        await Chromium.LogInToTrackerAsync(page, tracker, platform.ApiKey);
        await page.GotoAsync(new Uri(tracker, $"runs/{run.Links.TrackingRunId}").ToString());
        var curve = page.Locator("figure.artifact-image img");
        await page.WaitForFunctionAsync("() => document.querySelector('figure.artifact-image img')?.naturalWidth > 0");
        Assert.Equal(TrainingCurve.Width, await curve.EvaluateAsync<int>("img => img.naturalWidth"));
        Assert.Equal(TrainingCurve.ArtifactName, await page.Locator("figure.artifact-image figcaption").InnerTextAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(Folder, "tracker-run.png") });
    }
}

/// <summary>The platform with the Aspire dashboard on, as <c>dotnet run</c> has it.</summary>
public sealed class DashboardPlatform : PlatformFixture
{
    protected override bool Dashboard => true;
}
