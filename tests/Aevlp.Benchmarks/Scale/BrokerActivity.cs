using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Aevlp.Testing;
using Aspire.Hosting;
using Aspire.Hosting.Testing;

namespace Aevlp.Benchmarks.Scale;

/// <summary>RabbitMQ's own message counters from its management API (<c>/api/overview</c>): messages published to exchanges,
/// delivered to consumers and acknowledged since the broker started, and the messages now in queues.</summary>
public sealed record BrokerActivity(long Published, long Delivered, long Acknowledged, long Queued)
{
    public static BrokerActivity operator -(BrokerActivity a, BrokerActivity b) =>
        new(a.Published - b.Published, a.Delivered - b.Delivered, a.Acknowledged - b.Acknowledged, a.Queued);

    /// <summary>A client of the platform's broker's management API, with the broker's generated credentials.</summary>
    public static async Task<HttpClient> ManagementClientAsync(AppHostFixture platform)
    {
        var broker = new Uri(await platform.ConnectionStringAsync("messaging"));
        var management = new HttpClient { BaseAddress = platform.App.GetEndpoint("messaging", "management") };
        management.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(broker.UserInfo))));
        return management;
    }

    public static async Task<BrokerActivity> SnapshotAsync(HttpClient management, CancellationToken ct)
    {
        var overview = JsonNode.Parse(await management.GetStringAsync("/api/overview", ct))!;
        var stats = overview["message_stats"];
        return new(Count(stats, "publish"), Count(stats, "deliver_get"), Count(stats, "ack"),
            overview["queue_totals"]?["messages"]?.GetValue<long>() ?? 0);
    }

    private static long Count(JsonNode? stats, string name) => stats?[name]?.GetValue<long>() ?? 0;
}
