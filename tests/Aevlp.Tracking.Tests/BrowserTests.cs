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
    public async Task Experiment_page_folds_trials_under_their_sweep_shows_metrics_first_and_keeps_the_columns_chosen()
    {
        var (experiment, parent, trials) = await SweepAsync();
        var page = await LoggedInPageAsync();

        // Trials start folded under their running sweep; its button unfolds them.
        await GotoAsync(page, $"experiments/{experiment}");
        Assert.Equal(["sweep", "trial-0.0001", "trial-0.001"], await page.Locator("#runs tbody td:nth-child(2) a").AllInnerTextsAsync());
        Assert.Equal(0, await page.Locator("#runs tbody tr.child-run:visible").CountAsync());
        await page.Locator("#runs button.toggle", new() { HasText = "2 child runs" }).ClickAsync();
        Assert.Equal(2, await page.Locator("#runs tbody tr.child-run:visible").CountAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "aevlp-tracking-sweep.png"), FullPage = true });

        // Metrics first; params all runs share are no column until chosen; any column sorts.
        var headers = (await page.Locator("#runs thead th").AllInnerTextsAsync()).ToList();
        Assert.True(headers.IndexOf("test_map") < headers.IndexOf("lr"), string.Join(",", headers));
        Assert.DoesNotContain("p00", headers);
        await page.Locator("#runs thead a", new() { HasText = "lr" }).ClickAsync();
        Assert.Contains("order=params.%60lr%60%20DESC", page.Url);

        // The sweep still runs, so the page reloads itself, but not while the user is choosing columns.
        Assert.Equal(1, await page.Locator("head script#auto-refresh").CountAsync());
        await page.Locator("details#columns summary").ClickAsync();
        await page.Locator("details#columns input[value='params.p00']").CheckAsync();
        await page.Locator("details#columns input[value='metrics.best_val_map']").UncheckAsync();
        await page.Locator("details#columns button[type=submit]").ClickAsync();
        await page.WaitForURLAsync("**columns=**");
        Assert.Contains("p00", await page.Locator("#runs thead").InnerTextAsync());
        Assert.DoesNotContain("best_val_map", await page.Locator("#runs thead").InnerTextAsync());

        // Remembered for this experiment, until reset.
        await GotoAsync(page, $"experiments/{experiment}");
        Assert.Contains("p00", await page.Locator("#runs thead").InnerTextAsync());
        await page.Locator("details#columns summary").ClickAsync();
        await page.Locator("#default-columns").ClickAsync();
        await page.WaitForURLAsync("**reset=true**");
        await GotoAsync(page, $"experiments/{experiment}");
        Assert.DoesNotContain("p00", await page.Locator("#runs thead").InnerTextAsync());

        // The status list narrows the table; a filter MLflow's grammar refuses is shown inline.
        await page.SelectOptionAsync("select[name=status]", "FINISHED");
        await page.ClickAsync(".toolbar button[type=submit]");
        await page.WaitForURLAsync("**status=FINISHED**");
        Assert.Equal(["trial-0.0001", "trial-0.001"], await page.Locator("#runs tbody td:nth-child(2) a").AllInnerTextsAsync());
        await page.FillAsync("input[name=filter]", "metrics.test_map >");
        await page.ClickAsync(".toolbar button[type=submit]");
        await page.WaitForURLAsync("**filter=metrics.test_map**");
        Assert.Contains("Invalid filter", await page.Locator("p.error").InnerTextAsync());
        _ = (parent, trials);
    }

    [Fact]
    public async Task Run_page_tables_single_values_charts_steps_previews_text_and_shows_its_logged_model_and_datasets()
    {
        var (experiment, parent, trials) = await SweepAsync();
        var trial = trials[0];
        await tracker.Client.UploadArtifactAsync(trial, "test-class-ap.json", new MemoryStream("""{"cat": 61.5, "<b>dog</b>": 55}"""u8.ToArray()));
        await tracker.Client.UploadArtifactAsync(trial, "counts.csv", new MemoryStream("class,n\ncat,3\n"u8.ToArray()));
        await tracker.Client.LogInputsAsync(trial.RunId, [new DatasetInput(new Dataset("voc", "0123abcd", "aevlp", "{}"), [new InputTag("mlflow.data.context", "train")])]);
        var model = await tracker.Client.CreateLoggedModelAsync(new CreateLoggedModelRequest(experiment, "model", SourceRunId: trial.RunId));
        await tracker.Client.LogOutputsAsync(trial.RunId, [new ModelOutput(model.Info.ModelId, 0)]);
        await tracker.Client.LogBatchAsync(trial.RunId, [new Metric("test_map", 58.5, 3, 0, ModelId: model.Info.ModelId)]);
        await tracker.Client.FinalizeLoggedModelAsync(model.Info.ModelId, LoggedModelStatus.Ready);
        var page = await LoggedInPageAsync();

        await GotoAsync(page, $"runs/{trial.RunId}");
        Assert.Equal(0, await page.Locator("head script#auto-refresh").CountAsync());
        Assert.Equal(["val_map"], await page.Locator(".grid .card h3").AllInnerTextsAsync());
        Assert.Contains("58.5", await page.Locator("#single-metrics").InnerTextAsync());
        Assert.Contains(model.Info.ModelId, await page.Locator("#logged-models").InnerTextAsync());
        Assert.Contains("READY", await page.Locator("#logged-models").InnerTextAsync());
        Assert.Contains("test_map 58.5", await page.Locator("#logged-models").InnerTextAsync());
        Assert.Contains("voc", await page.Locator("#datasets").InnerTextAsync());
        Assert.Contains("train", await page.Locator("#datasets").InnerTextAsync());

        // JSON is pretty-printed and its markup shown, not rendered; CSV reads as text.
        await page.Locator("#artifacts tr", new() { HasText = "test-class-ap.json" }).Locator("a.view").ClickAsync();
        Assert.Contains("\"<b>dog</b>\": 55", await page.Locator("pre.artifact-text").InnerTextAsync());
        Assert.Equal(0, await page.Locator("pre.artifact-text b").CountAsync());
        await GotoAsync(page, $"runs/{trial.RunId}");
        await page.Locator("#artifacts tr", new() { HasText = "counts.csv" }).Locator("a.view").ClickAsync();
        Assert.Equal("class,n\ncat,3", (await page.Locator("pre.artifact-text").InnerTextAsync()).Trim());

        // A running run's page reloads itself, as the browser shows.
        await GotoAsync(page, $"runs/{parent.RunId}");
        Assert.Equal(1, await page.Locator("head script#auto-refresh").CountAsync());
        await page.EvaluateAsync("() => { window.beforeReload = true; }");
        await page.WaitForFunctionAsync("() => window.beforeReload === undefined", null, new() { Timeout = 20_000 });

        // The registry's page names the run and the logged model behind a version.
        var name = $"browser-{Guid.NewGuid():N}";
        await tracker.Client.CreateRegisteredModelAsync(name);
        await tracker.Client.CreateModelVersionAsync(name, $"models:/{model.Info.ModelId}", modelId: model.Info.ModelId);
        await tracker.Client.SetAliasAsync(name, "champion", "1");
        await GotoAsync(page, $"models/{name}");
        var version = await page.Locator("#versions tbody tr").InnerTextAsync();
        Assert.Contains("@champion", version);
        Assert.Contains(model.Info.ModelId, version);
        Assert.Contains(trial.RunId[..8], version);
    }

    [Fact]
    public async Task Compare_page_takes_runs_of_any_experiment_and_shows_the_params_that_differ_first()
    {
        var (_, _, trials) = await SweepAsync();
        var elsewhere = (await tracker.Client.CreateRunAsync(await tracker.NewExperimentAsync("browser-other"), "other")).Info;
        await tracker.Client.LogBatchAsync(elsewhere.RunId, [new Metric("test_map", 40, 1)], [new Param("lr", "0.01"), new Param("arch", "resnet50")]);
        var page = await LoggedInPageAsync();

        await GotoAsync(page, $"compare?runs={trials[0].RunId}&runs={trials[1].RunId}");
        await page.FillAsync("#add-run input[type=text]", elsewhere.RunId);
        await page.ClickAsync("#add-run button");
        await page.WaitForURLAsync($"**runs={elsewhere.RunId}**");
        Assert.Equal(1, await page.Locator($"p.legend a[href='/experiments/{elsewhere.ExperimentId}']").CountAsync());
        Assert.Contains("40", await page.Locator("#single-metrics").InnerTextAsync());
        Assert.Equal(2, await page.Locator("svg.metric-chart polyline").CountAsync());

        // lr differs, and so do p00… (the third run lacks them); arch (resnet50 everywhere) shows only with "show all", after them.
        var differing = await page.Locator("#compare-params tbody td:first-child").AllInnerTextsAsync();
        Assert.Equal(["lr", "p00", "p01"], differing.Take(3));
        Assert.DoesNotContain("arch", differing);
        await page.ClickAsync("#params-toggle");
        await page.WaitForURLAsync("**all=true**");
        var keys = (await page.Locator("#compare-params tbody td:first-child").AllInnerTextsAsync()).ToList();
        Assert.True(keys.IndexOf("lr") < keys.IndexOf("arch"), string.Join(",", keys));
    }

    private async Task<(string Experiment, RunInfo Parent, IReadOnlyList<RunInfo> Trials)> SweepAsync()
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
        return (experiment, parent, trials);
    }

    private async Task<IPage> LoggedInPageAsync()
    {
        var page = await chromium.Browser.NewPageAsync();
        await Chromium.LogInToTrackerAsync(page, tracker.BaseUri, tracker.ApiKey);
        return page;
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
