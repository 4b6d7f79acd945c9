using Aevlp.AppHost.Services;
using Aevlp.Storage;
using Aevlp.Testing;
using Aevlp.Tracking.Client;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Aevlp.EndToEnd.Tests;

/// <summary>The whole platform, local mode, with a tiny embedded demo (a few hundred mosaics) so one run
/// goes from TrainRequested to a registered model in a few minutes on two cores.</summary>
public sealed class PlatformFixture : AppHostFixture
{
    private static readonly Dictionary<string, string> DemoSize = new()
    {
        ["DemoAssets__TrainCount"] = "240",
        ["DemoAssets__TestCount"] = "60",
        ["DemoAssets__CanvasSize"] = "64",
        ["DemoAssets__HeldOutPerClass"] = "4",
        ["DemoAssets__ExamplesPerClass"] = "4",
    };

    private IHost? clients;

    protected override string[] Resources => [RegistryResource.Name, "tracking", "pseudolabeler", "trainer", "evaluator"];

    protected override Action<IDistributedApplicationTestingBuilder> Configure => builder =>
    {
        var pseudolabeler = builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "pseudolabeler"));
        foreach (var (name, value) in DemoSize) pseudolabeler.WithEnvironment(name, value);
    };

    public HttpClient Registry { get; private set; } = null!;

    public MlflowClient Tracker { get; private set; } = null!;

    public BlobStore Blobs { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Registry = await App.CreateAuthorizedHttpClientAsync(RegistryResource.Name);
        Blobs = new BlobStore(new BlobServiceClient(await ConnectionStringAsync("blobs")));
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["services:tracking:http:0"] = App.GetEndpoint("tracking", "http").ToString();
        builder.Configuration["Security:ApiKey"] = ApiKey;
        builder.AddMlflowTracking();
        clients = builder.Build();
        await clients.StartAsync();
        Tracker = clients.Services.GetRequiredService<MlflowClient>();
    }

    public override async Task DisposeAsync()
    {
        Registry?.Dispose();
        if (clients is not null)
        {
            await clients.StopAsync();
            clients.Dispose();
        }
        await base.DisposeAsync();
    }
}
