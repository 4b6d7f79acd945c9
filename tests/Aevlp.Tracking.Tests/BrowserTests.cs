using Aevlp.Testing;
using Aevlp.Tracking.Client.Protocol;
using Microsoft.Playwright;

namespace Aevlp.Tracking.Tests;

/// <summary>The web UI in chromium (<see cref="Chromium"/>).</summary>
[Collection(TrackingCollection.Name)]
public sealed class BrowserTests(TrackingFixture tracker) : IAsyncLifetime
{
    // A 1×1 PNG.
    private static readonly byte[] Picture = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    private Chromium chromium = null!;

    public async Task InitializeAsync() => chromium = await Chromium.LaunchAsync();

    public async Task DisposeAsync() => await chromium.DisposeAsync();

    [Fact]
    public async Task Runs_table_run_page_and_compare_page_render_charts_and_pictures_without_console_errors()
    {
        var experiment = await tracker.NewExperimentAsync("browser");
        var runs = new List<string>();
        foreach (var name in new[] { "baseline", "gpr-loss" })
        {
            var run = (await tracker.Client.CreateRunAsync(experiment, name)).Info;
            await tracker.Client.LogBatchAsync(run.RunId,
                Enumerable.Range(0, 20).Select(step => new Metric("loss", 1.0 / (step + 1) + runs.Count * 0.1, 1000 + step, step)).ToArray(),
                [new Param("loss_fn", name)]);
            await tracker.Client.UploadArtifactAsync(run, "model/config.json", new MemoryStream("{}"u8.ToArray()));
            await tracker.Client.UploadArtifactAsync(run, "curve.png", new MemoryStream(Picture));
            runs.Add(run.RunId);
        }
        var page = await chromium.Browser.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);

        await Chromium.LogInToTrackerAsync(page, tracker.BaseUri, tracker.ApiKey);
        await GotoAsync(page, $"experiments/{experiment}");
        Assert.Equal(2, await page.Locator("#runs tbody tr").CountAsync());
        Assert.Contains("loss_fn", await page.Locator("#runs thead").InnerTextAsync());
        await page.Locator("#runs thead a", new() { HasText = "loss" }).Last.ClickAsync();
        Assert.Equal("gpr-loss", await page.Locator("#runs tbody tr td:nth-child(2)").First.InnerTextAsync());

        await GotoAsync(page, $"runs/{runs[0]}");
        var line = page.Locator("svg.metric-chart polyline");
        Assert.Equal(1, await line.CountAsync());
        Assert.Equal(20, (await line.GetAttributeAsync("points"))!.Split(' ').Length);
        Assert.True((await page.Locator("svg.metric-chart").BoundingBoxAsync())!.Width > 200);
        // A PNG artifact is shown inline: the browser decoded it.
        await page.WaitForFunctionAsync("() => document.querySelector('figure.artifact-image img')?.naturalWidth === 1");
        await page.Locator("#artifacts a", new() { HasText = "model/" }).ClickAsync();
        Assert.Equal(1, await page.Locator("#artifacts a[download]").CountAsync());
        Assert.Equal(0, await page.Locator("figure.artifact-image").CountAsync());

        await GotoAsync(page, $"compare?runs={runs[0]}&runs={runs[1]}");
        Assert.Equal(2, await page.Locator("svg.metric-chart polyline").CountAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "aevlp-tracking-compare.png"), FullPage = true });

        Assert.Empty(errors);
    }

    [Fact]
    public async Task Without_a_key_a_page_leads_to_the_login_page_which_refuses_a_wrong_key_and_returns_after_the_right_one()
    {
        var experiment = await tracker.NewExperimentAsync("login");
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync(new Uri(tracker.BaseUri, $"experiments/{experiment}").ToString());
        Assert.Equal((200, "/login"), (response!.Status, new Uri(page.Url).AbsolutePath));
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name == "aevlp-login");

        await page.FillAsync("#ApiKey", "not-the-platform-key-not-the-platform-key");
        await page.ClickAsync("#login button[type=submit]");
        Assert.Contains("not this platform's API key", await page.Locator("#login-error").InnerTextAsync());
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name == "aevlp-login");

        await page.FillAsync("#ApiKey", tracker.ApiKey);
        await page.ClickAsync("#login button[type=submit]");
        await page.WaitForURLAsync($"**/experiments/{experiment}");
        Assert.StartsWith("login-", await page.Locator("h1").InnerTextAsync());
        var cookie = Assert.Single(await context.CookiesAsync(), c => c.Name == "aevlp-login");
        Assert.Equal((true, SameSiteAttribute.Strict), (cookie.HttpOnly, cookie.SameSite));
        Assert.DoesNotContain(tracker.ApiKey, cookie.Value);
    }

    private async Task GotoAsync(IPage page, string relative)
    {
        var response = await page.GotoAsync(new Uri(tracker.BaseUri, relative).ToString());
        Assert.Equal(200, response!.Status);
    }
}
