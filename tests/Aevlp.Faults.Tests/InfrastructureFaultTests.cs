using Aevlp.AppHost.Infrastructure;

namespace Aevlp.Faults.Tests;

/// <summary>A server goes away during training and comes back: services reconnect, the run finishes, no
/// epoch is trained twice, no message is lost (a lost stage event would leave the run unfinished).</summary>
[Collection(FaultsCollection.Name)]
public sealed class InfrastructureFaultTests(FaultsPlatform platform)
{
    private const int Epochs = 6;

    [Theory]
    [InlineData(PlatformInfrastructure.MessagingName, 3)]
    [InlineData(PlatformInfrastructure.PostgresName, 3)]
    [InlineData(PlatformInfrastructure.BlobsName, 10)]
    public async Task A_run_survives_a_server_outage_during_training(string server, int seconds)
    {
        var runId = await platform.Registry.StartRunAsync(FaultsPlatform.Run($"outage-{server}", Epochs));
        await platform.WaitForEpochAsync(runId, 1);

        await platform.OutageAsync(server, TimeSpan.FromSeconds(seconds));

        var run = await platform.Registry.WaitUntilEndedAsync(runId, FaultsPlatform.Within);
        await RunAssertions.FinishedOnceAsync(platform, run, Epochs);
    }
}
