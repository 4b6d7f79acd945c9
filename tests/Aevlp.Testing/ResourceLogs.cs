using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Aevlp.Testing;

/// <summary>The console log of a resource the AppHost runs, as the dashboard shows it.</summary>
public static class ResourceLogs
{
    /// <summary>Every line <paramref name="resource"/> has written so far.</summary>
    public static async Task<List<string>> AllLinesAsync(DistributedApplication app, IResource resource)
    {
        var lines = new List<string>();
        await foreach (var batch in app.Services.GetRequiredService<ResourceLoggerService>().GetAllAsync(resource))
        {
            lines.AddRange(batch.Select(line => line.Content));
        }
        return lines;
    }

    /// <summary>Every line the resource named <paramref name="resourceName"/> has written so far.</summary>
    public static Task<List<string>> AllLinesAsync(DistributedApplication app, string resourceName) =>
        AllLinesAsync(app, app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == resourceName));

    /// <summary>The first line of <paramref name="resourceName"/>'s log that contains <paramref name="text"/>, waiting for
    /// it up to <paramref name="within"/>: logs reach the AppHost a little after they are written.</summary>
    public static async Task<string> WaitForLineAsync(DistributedApplication app, string resourceName, string text, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var lines = await AllLinesAsync(app, resourceName);
            if (lines.FirstOrDefault(line => line.Contains(text, StringComparison.Ordinal)) is { } found) return found;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{resourceName}'s log ({lines.Count} lines) has no line with \"{text}\" after {within}");
            await Task.Delay(500);
        }
    }
}
