using Aevlp.Contracts;
using Microsoft.Playwright;

namespace Aevlp.EndToEnd.Tests;

/// <summary>One trace spans a run across the real services: the dashboard's trace detail page of the run's
/// <c>links.traceId</c> holds a span of each service's part of the run, down to the registry's ModelRegistered publish.</summary>
public static class DashboardTrace
{
    // A span of each service's part of the run, as the trace grid shows it ("resource: span"). The last one stays filtered
    // for the screenshot: the evaluator's work under the registry's request, with the tracker's spans it caused.
    private static readonly (string Resource, string Span)[] Parts =
    [
        ("pseudolabeler", "pseudo-labels"),
        ("trainer", "Training run"),
        ("registry", $"MSG rabbitmq send Aevlp.Contracts:{nameof(ModelRegistered)}"),
        ("evaluator", "Evaluation run"),
    ];

    // The page shows spans the dashboard received after it opened only when they come from the trace's first resource (the
    // registry), so a span exported late by a worker needs a reload; this bounds the wait for the services' batch exports.
    private static readonly TimeSpan ExportedWithin = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(3);

    public static async Task AssertAsync(IPage page, Uri dashboard, string? traceId)
    {
        Assert.False(string.IsNullOrEmpty(traceId), "the run has no trace id");
        await page.GotoAsync(new Uri(dashboard, $"traces/detail/{traceId}").ToString());
        var deadline = DateTime.UtcNow + ExportedWithin;
        var missing = await MissingPartsAsync(page);
        while (missing.Count > 0 && DateTime.UtcNow < deadline)
        {
            await page.ReloadAsync();
            missing = await MissingPartsAsync(page);
        }
        Assert.True(missing.Count == 0, $"trace {traceId} lacks: {string.Join(", ", missing)}");
    }

    /// <summary>Filters the grid by each part's span name (the grid renders only the rows in view of a trace of a thousand
    /// spans; a filter keeps the matches and their ancestors) and names the parts whose row did not show. The dashboard does
    /// not prerender, so the filter box is live as soon as it is there.</summary>
    private static async Task<List<string>> MissingPartsAsync(IPage page)
    {
        var missing = new List<string>();
        foreach (var (resource, span) in Parts)
        {
            await page.Locator("fluent-text-input[name=spans-search] input").FillAsync(span);
            // The row's name cell has the span's title, "resource: span"; a span that ended in error has "Status = Error" on a
            // further line, and does not count.
            var row = page.Locator($"td[col-index='1'][title='{resource}: {span}']");
            try { await row.First.WaitForAsync(new() { Timeout = (float)Poll.TotalMilliseconds }); }
            catch (TimeoutException) { missing.Add($"{resource}: {span}"); }
        }
        return missing;
    }
}
