using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aevlp.Testing;

namespace Aevlp.EndToEnd.Tests;

/// <summary>What a new user meets on a first start and a demo run: no error-level log from any service (starting up is
/// not an error), and a run trace a person can read — a bounded number of spans, none of them in error.</summary>
public static partial class CleanRun
{
    // A demo run's trace is its request, the pseudo-label pass, two epochs with their tracker calls, the evaluation and the
    // registration: 163 spans measured. Per-request blob spans (1,441 in all before they were kept out) or heartbeats (which
    // grow with the run's wall time: 483 spans under load) break this bound.
    public const int MaxSpans = 250;

    // The console logger's level prefix ("fail: Category[0]"), after the timestamp the AppHost adds; the console may colour it.
    [GeneratedRegex(@"^(\S+Z )?(\x1b\[[0-9;]*m)*(?<level>trce|dbug|info|warn|fail|crit)(\x1b\[[0-9;]*m)*: ")]
    private static partial Regex LevelPrefix();

    private static string? Level(string line) => LevelPrefix().Match(line) is { Success: true } match ? match.Groups["level"].Value : null;

    public static async Task AssertNoErrorLogsAsync(PlatformFixture platform)
    {
        var errors = new List<string>();
        foreach (var service in AppModel.Services)
        {
            var lines = await ResourceLogs.AllLinesAsync(platform.App, service).WaitAsync(TimeSpan.FromMinutes(1));
            // Each service logs its start at Information: without those lines the prefix went unrecognised.
            Assert.True(lines.Any(line => Level(line) == "info"), $"{service}'s log ({lines.Count} lines) has no line the level prefix matched");
            errors.AddRange(lines.Select((line, i) => (line, i)).Where(l => Level(l.line) is "fail" or "crit")
                .Select(l => $"{service}: {l.line} {(l.i + 1 < lines.Count ? lines[l.i + 1].Trim() : "")}"));
        }
        Assert.True(errors.Count == 0, $"{errors.Count} error-level log lines:\n{string.Join("\n", errors.Take(20))}");
    }

    /// <summary>The trace's span count, after it reads the trace from the dashboard's telemetry API (OTLP JSON) and checks its size and its statuses.</summary>
    public static async Task<int> AssertReadableTraceAsync(Uri dashboard, string traceId)
    {
        using var http = new HttpClient { BaseAddress = dashboard };
        using var response = await http.GetAsync($"api/telemetry/traces/{traceId}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET api/telemetry/traces/{traceId}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 500)]}");
        var spans = Spans(JsonDocument.Parse(body).RootElement).ToList();
        Assert.True(spans.Count is > 0 and <= MaxSpans, $"trace {traceId} has {spans.Count} spans (bound {MaxSpans}): {Census(spans)}");
        var failed = spans.Where(IsError).Select(Describe).ToList();
        Assert.True(failed.Count == 0, $"error spans in trace {traceId}: {string.Join(", ", failed)}");
        return spans.Count;
    }

    private static IEnumerable<JsonElement> Spans(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object when element.TryGetProperty("spanId", out _) => [element],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Spans(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Spans),
        _ => [],
    };

    // OTLP's Status.code: 2 is ERROR; protobuf JSON may write the enum by name.
    private static bool IsError(JsonElement span) =>
        span.TryGetProperty("status", out var status) && status.TryGetProperty("code", out var code)
        && (code.ValueKind == JsonValueKind.Number ? code.GetInt32() == 2 : code.GetString() == "STATUS_CODE_ERROR");

    private static string Describe(JsonElement span) => $"{span.GetProperty("name").GetString()} "
        + (span.TryGetProperty("attributes", out var attributes) ? attributes.GetRawText() : "");

    private static string Census(List<JsonElement> spans) => string.Join(", ", spans
        .GroupBy(s => s.GetProperty("name").GetString()).OrderByDescending(g => g.Count()).Take(12).Select(g => $"{g.Key} ×{g.Count()}"));
}
