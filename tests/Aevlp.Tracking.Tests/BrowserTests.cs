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
    public async Task Sweeps_nest_columns_can_be_chosen_single_values_are_a_table_text_artifacts_are_viewable_and_compare_spans_experiments()
    {
        var experiment = await tracker.NewExperimentAsync("browser-sweep");
        var parent = (await tracker.Client.CreateRunAsync(experiment, "sweep")).Info;
        await tracker.Client.LogBatchAsync(parent.RunId, [new Metric("best_val_map", 71, 1)], [new Param("sweep", "lr")]);
        var trials = new List<RunInfo>();
        foreach (var lr in new[] { "0.001", "0.0001" })
        {
            var trial = (await tracker.Client.CreateRunAsync(experiment, $"trial-{lr}", [new RunTag("mlflow.parentRunId", parent.RunId)])).Info;
            await tracker.Client.LogBatchAsync(trial.RunId,
                [new Metric("val_map", 50, 1, 1), new Metric("val_map", 60, 2, 2), new Metric("test_map", 58.5, 3)],
                [new Param("lr", lr), new Param("arch", "resnet50"), .. Enumerable.Range(0, 30).Select(i => new Param($"p{i:00}", "same"))]);
            await tracker.Client.EndRunAsync(trial.RunId);
            trials.Add(trial);
        }
        await tracker.Client.UploadArtifactAsync(trials[0], "test-class-ap.json", new MemoryStream("""{"cat": 61.5, "<b>dog</b>": 55}"""u8.ToArray()));
        var elsewhere = (await tracker.Client.CreateRunAsync(await tracker.NewExperimentAsync("browser-other"), "other")).Info;
        await tracker.Client.LogMetricAsync(elsewhere.RunId, "test_map", 40);
        var page = await chromium.Browser.NewPageAsync();
        await Chromium.LogInToTrackerAsync(page, tracker.BaseUri, tracker.ApiKey);

        // The trials sit under their sweep; metrics come first; params all runs share are not columns until chosen.
        await GotoAsync(page, $"experiments/{experiment}");
        var names = (await page.Locator("#runs tbody td:nth-child(2) a").AllInnerTextsAsync()).ToArray();
        Assert.Equal(["sweep", "trial-0.0001", "trial-0.001"], names);
        Assert.Contains("2 child runs", await page.Locator("#runs tbody tr").First.InnerTextAsync());
        Assert.Equal(2, await page.Locator("#runs tbody tr.child-run").CountAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "aevlp-tracking-sweep.png"), FullPage = true });
        var headers = await page.Locator("#runs thead th").AllInnerTextsAsync();
        Assert.True(headers.ToList().IndexOf("test_map") < headers.ToList().IndexOf("lr"), string.Join(",", headers));
        Assert.DoesNotContain("p00", headers);
        // The sweep is still running: the page reloads itself, unless the user is choosing columns.
        Assert.Equal(1, await page.Locator("head script#auto-refresh").CountAsync());

        await page.Locator("details#columns summary").ClickAsync();
        await page.Locator("details#columns input[value='params.p00']").CheckAsync();
        await page.Locator("details#columns input[value='metrics.best_val_map']").UncheckAsync();
        await page.Locator("details#columns button[type=submit]").ClickAsync();
        await page.WaitForURLAsync("**columns=**");
        headers = await page.Locator("#runs thead th").AllInnerTextsAsync();
        Assert.Contains("p00", headers);
        Assert.DoesNotContain("best_val_map", headers);
        await page.Locator("#runs thead a", new() { HasText = "test_map" }).ClickAsync();
        Assert.Contains("p00", await page.Locator("#runs thead").InnerTextAsync());

        // A finished run's page: val_map (two steps) is a chart, test_map (one value) a table row; the JSON artifact reads as
        // text, its markup shown, not rendered; the page does not reload itself.
        await GotoAsync(page, $"runs/{trials[0].RunId}");
        Assert.Equal(0, await page.Locator("head script#auto-refresh").CountAsync());
        Assert.Equal(["val_map"], await page.Locator(".grid .card h3").AllInnerTextsAsync());
        Assert.Contains("58.5", await page.Locator("#single-metrics").InnerTextAsync());
        await page.Locator("#artifacts a.view").ClickAsync();
        var text = await page.Locator("pre.artifact-text").InnerTextAsync();
        Assert.Contains("\"<b>dog</b>\": 55", text);
        Assert.Equal(0, await page.Locator("pre.artifact-text b").CountAsync());

        // A running run's page reloads itself, as the browser shows.
        await GotoAsync(page, $"runs/{parent.RunId}");
        Assert.Equal(1, await page.Locator("head script#auto-refresh").CountAsync());
        await page.EvaluateAsync("() => { window.beforeReload = true; }");
        await page.WaitForFunctionAsync("() => window.beforeReload === undefined", null, new() { Timeout = 20_000 });

        // Compare starts from one experiment's selection and takes a run of another by its id.
        await GotoAsync(page, $"compare?runs={trials[0].RunId}");
        await page.FillAsync("#add-run input[type=text]", elsewhere.RunId);
        await page.ClickAsync("#add-run button");
        await page.WaitForURLAsync($"**runs={elsewhere.RunId}**");
        Assert.Contains("other", await page.Locator("p.legend").InnerTextAsync());
        Assert.Contains("40", await page.Locator("#single-metrics").InnerTextAsync());
        Assert.Equal(1, await page.Locator("svg.metric-chart polyline").CountAsync());
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
