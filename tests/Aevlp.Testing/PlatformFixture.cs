using Aevlp.AppHost.Services;
using Aevlp.Storage;
using Aevlp.Tracking.Client;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Aevlp.Testing;

/// <summary>The whole platform, local mode, with a tiny embedded demo (a few hundred mosaics) so one run
/// goes from TrainRequested to a registered model in a few minutes on two cores.</summary>
public class PlatformFixture : AppHostFixture
{
    public const string DemoDataset = "fashion-mosaic";

    /// <summary>Settings of the embedded demo's seeding: a few hundred mosaics by default.</summary>
    protected virtual IReadOnlyDictionary<string, string> DemoSize { get; } = new Dictionary<string, string>
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
        foreach (var (name, value) in DemoSize) builder.Project("pseudolabeler").WithEnvironment(name, value);
        builder.Project("evaluator").WithEnvironment("Evaluator__CacheDir", EvaluatorCacheDir);
        ConfigurePlatform(builder);
    };

    public HttpClient Http { get; private set; } = null!;

    public RegistryApi Registry { get; private set; } = null!;

    public MlflowClient Tracker { get; private set; } = null!;

    public BlobStore Blobs { get; private set; } = null!;

    /// <summary>The evaluator's local cache, in the data folder rather than the machine-wide default, so a test can look in it.</summary>
    public string EvaluatorCacheDir => Path.Combine(DataDir, "evaluator-cache");

    /// <summary>Further changes to the app model, e.g. a service's settings.</summary>
    protected virtual void ConfigurePlatform(IDistributedApplicationTestingBuilder builder)
    {
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Http = await App.CreateAuthorizedHttpClientAsync(RegistryResource.Name);
        Registry = new RegistryApi(Http);
        Blobs = new BlobStore(new BlobServiceClient(await ConnectionStringAsync("blobs")));
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["services:tracking:http:0"] = App.GetEndpoint("tracking", "http").ToString();
        builder.Configuration["Security:ApiKey"] = ApiKey;
        builder.AddMlflowTracking();
        clients = builder.Build();
        await clients.StartAsync();
        Tracker = clients.Services.GetRequiredService<MlflowClient>();
        await WaitForDemoDatasetAsync();
    }

    // The pseudo-labeler seeds the demo dataset in the background after it turns healthy.
    private async Task WaitForDemoDatasetAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (!await Blobs.ExistsAsync(BlobLayout.Dataset(DemoDataset, "1", Aevlp.ML.Data.DatasetManifest.FileName), CancellationToken.None))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the pseudo-labeler did not seed the demo dataset in time");
            await Task.Delay(1000);
        }
    }

    public override async Task DisposeAsync()
    {
        Http?.Dispose();
        if (clients is not null)
        {
            await clients.StopAsync();
            clients.Dispose();
        }
        await base.DisposeAsync();
    }
}
