using Microsoft.Playwright;

namespace Aevlp.Testing;

/// <summary>Debian's chromium (installed by infra/setup.sh), headless, driven by Playwright's bundled driver; no browser is
/// ever downloaded.</summary>
public sealed class Chromium : IAsyncDisposable
{
    private static readonly string[] Args =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run",
    ];

    private readonly IPlaywright playwright;

    private Chromium(IPlaywright playwright, IBrowser browser) => (this.playwright, Browser) = (playwright, browser);

    public IBrowser Browser { get; }

    public static async Task<Chromium> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = Args,
        });
        return new Chromium(playwright, browser);
    }

    /// <summary>What a user does once per browser: paste the platform's API key on the tracker's login page.</summary>
    public static async Task LogInToTrackerAsync(IPage page, Uri tracker, string apiKey)
    {
        await page.GotoAsync(new Uri(tracker, "login").ToString());
        await page.FillAsync("#ApiKey", apiKey);
        await page.ClickAsync("#login button[type=submit]");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright.Dispose();
    }
}
