using Aevlp.AppHost.Infrastructure;
using Aevlp.Registry.Api;
using Aevlp.Testing;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Aevlp.EndToEnd.Tests;

/// <summary>No secret in logs or tracker params: after a whole run, the console logs of every resource the AppHost ran
/// and the run's params and tags in the tracker are searched for the API key and the per-install PostgreSQL, RabbitMQ and
/// blob credentials.</summary>
public static class SecretLeaks
{
    public static async Task AssertNoneAsync(PlatformFixture platform, RunDetails run)
    {
        var credentials = LocalCredentials.LoadOrCreate(Path.Combine(platform.DataDir, "credentials.json"));
        var secrets = new Dictionary<string, string>
        {
            ["the API key"] = platform.ApiKey,
            ["the PostgreSQL password"] = credentials.PostgresPassword,
            ["the RabbitMQ password"] = credentials.RabbitMqPassword,
            ["the blob account key"] = credentials.BlobAccountKey,
        };
        Assert.Equal(credentials.ApiKey, platform.ApiKey);

        var tracked = await platform.Tracker.GetRunAsync(run.Links.TrackingRunId!);
        var texts = new List<(string Where, string Text)>();
        texts.AddRange(tracked.Data.Params.Select(p => ($"tracker param {p.Key}", $"{p.Key}={p.Value}")));
        texts.AddRange(tracked.Data.Tags.Select(t => ($"tracker tag {t.Key}", $"{t.Key}={t.Value}")));
        Assert.NotEmpty(texts);

        var resources = platform.App.Services.GetRequiredService<DistributedApplicationModel>().Resources
            .Where(r => r is not ParameterResource).ToList();
        var logLines = 0;
        foreach (var resource in resources)
        {
            var lines = await ResourceLogs.AllLinesAsync(platform.App, resource).WaitAsync(TimeSpan.FromMinutes(1));
            logLines += lines.Count;
            texts.AddRange(lines.Select(line => ($"{resource.Name}'s log", line)));
        }
        Assert.True(logLines > 100, $"only {logLines} log lines were read; the search would prove nothing");

        var leaks = (from text in texts
                     from secret in secrets
                     where text.Text.Contains(secret.Value, StringComparison.Ordinal)
                     select $"{secret.Key} in {text.Where}").Distinct().ToList();
        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
    }
}
