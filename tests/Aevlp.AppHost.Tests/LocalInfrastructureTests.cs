using Aevlp.Testing;
using System.Diagnostics;
using Aevlp.ServiceDefaults;
using Azure.Storage.Blobs;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Aevlp.AppHost.Tests;

/// <summary>The AppHost's local servers, used through the connection strings it hands to services.</summary>
public sealed class LocalInfrastructureTests
{
    private static readonly string[] Infrastructure = ["postgres", "messaging", "blobs", "registrydb"];

    [Fact]
    public async Task Servers_become_healthy_work_keep_their_data_across_restarts_and_leave_no_process_behind()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        var ct = timeout.Token;
        using var dataDir = new TestFolder();
        await using (var app = await LocalAppHost.StartAsync(dataDir.Path, [], AppModel.Only(), ct, Infrastructure))
        {
            var database = await app.GetConnectionStringAsync("registrydb", ct);
            await Sql.ExecuteAsync(database!, "CREATE TABLE kept (value text); INSERT INTO kept VALUES ('first start')", ct);
            var blobs = new BlobServiceClient(await app.GetConnectionStringAsync("blobs", ct));
            var container = blobs.GetBlobContainerClient("kept");
            await container.CreateAsync(cancellationToken: ct);
            await container.UploadBlobAsync("note.txt", BinaryData.FromString("first start"), ct);
            await AssertPublishedMessageIsConsumedAsync((await app.GetConnectionStringAsync("messaging", ct))!, ct);
            await app.StopAsync(ct);
        }
        AssertNoServerProcessUses(dataDir.Path);
        LeaveStalePidFileAsAKilledRunWould(dataDir.Path);

        await using (var app = await LocalAppHost.StartAsync(dataDir.Path, [], AppModel.Only(), ct, Infrastructure))
        {
            var database = await app.GetConnectionStringAsync("registrydb", ct);
            Assert.Equal("first start", await Sql.ScalarAsync(database!, "SELECT value FROM kept", ct));
            var blobs = new BlobServiceClient(await app.GetConnectionStringAsync("blobs", ct));
            var note = await blobs.GetBlobContainerClient("kept").GetBlobClient("note.txt").DownloadContentAsync(ct);
            Assert.Equal("first start", note.Value.Content.ToString());
            await app.StopAsync(ct);
        }
        AssertNoServerProcessUses(dataDir.Path);
    }

    // A PID that cannot be running (above the kernel's pid_max default of 4194304).
    private static void LeaveStalePidFileAsAKilledRunWould(string dataDir) =>
        File.WriteAllText(Path.Combine(dataDir, "postgres", "postmaster.pid"), "4999999\n" + Path.Combine(dataDir, "postgres") + "\n");

    private static async Task AssertPublishedMessageIsConsumedAsync(string broker, CancellationToken ct)
    {
        using var host = await TestBus.StartAsync(broker, services => services.AddSingleton<PingReceived>(), bus => bus.AddConsumer<PingConsumer>(), ct);
        var sent = new Ping(Guid.NewGuid());
        await host.Services.GetRequiredService<IBus>().Publish(sent, ct);
        var received = await host.Services.GetRequiredService<PingReceived>().Task.WaitAsync(TimeSpan.FromSeconds(90), ct);
        Assert.Equal(sent, received);
        await host.StopAsync(ct);
    }

    // Every local server's command line names the data folder, except epmd, which names its port
    // (recorded in rabbitmq/epmd.port).
    private static void AssertNoServerProcessUses(string dataDir)
    {
        var epmdPortFile = Path.Combine(dataDir, "rabbitmq", "epmd.port");
        var epmd = $"epmd -port {File.ReadAllText(epmdPortFile).Trim()} ";
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string[] survivors;
        do
        {
            survivors = [.. ProcessesMentioning(dataDir), .. ProcessesMentioning(epmd)];
            if (survivors.Length == 0) break;
            Thread.Sleep(500);
        } while (DateTime.UtcNow < deadline);
        Assert.Empty(survivors);
    }

    private static string[] ProcessesMentioning(string text) =>
        Directory.EnumerateDirectories("/proc")
            .Where(dir => int.TryParse(Path.GetFileName(dir), out var pid) && pid != Environment.ProcessId)
            .Select(dir => TryRead(Path.Combine(dir, "cmdline")))
            .Where(cmdline => cmdline.Contains(text, StringComparison.Ordinal))
            .ToArray();

    private static string TryRead(string file)
    {
        try { return File.ReadAllText(file).Replace('\0', ' '); }
        catch (IOException) { return ""; }
        catch (UnauthorizedAccessException) { return ""; }
    }
}

public sealed record Ping(Guid Id);

public sealed class PingReceived : TaskCompletionSource<Ping>;

public sealed class PingConsumer(PingReceived received) : IConsumer<Ping>
{
    public Task Consume(ConsumeContext<Ping> context)
    {
        received.TrySetResult(context.Message);
        return Task.CompletedTask;
    }
}
