using Aevlp.AppHost.Services;
using Aevlp.Testing;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace Aevlp.Cli.Tests;

/// <summary>The whole platform (local mode) with a tiny embedded demo, and the CLI run in-process against its
/// registry with stdout and stderr captured (not a terminal, so plain text).</summary>
public sealed class CliPlatform : AppHostFixture
{
    private static readonly Dictionary<string, string> DemoSize = new()
    {
        ["DemoAssets__TrainCount"] = "40",
        ["DemoAssets__TestCount"] = "20",
        ["DemoAssets__CanvasSize"] = "64",
        ["DemoAssets__HeldOutPerClass"] = "2",
        ["DemoAssets__ExamplesPerClass"] = "2",
    };

    private readonly string cache = Directory.CreateTempSubdirectory("aevlp-cli-cache-").FullName;

    protected override string[] Resources => [RegistryResource.Name, "tracking", "pseudolabeler", "trainer", "evaluator"];

    protected override Action<IDistributedApplicationTestingBuilder> Configure => builder =>
    {
        var pseudolabeler = builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "pseudolabeler"));
        foreach (var (name, value) in DemoSize) pseudolabeler.WithEnvironment(name, value);
    };

    public string RegistryUrl { get; private set; } = "";

    public override async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("AEVLP_CACHE_DIR", cache);
        await base.InitializeAsync();
        RegistryUrl = App.GetEndpoint(RegistryResource.Name, "http").ToString();
    }

    public Task<CliResult> RunAsync(params string[] args) => CliResult.RunAsync([.. args, "--registry", RegistryUrl]);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(cache, recursive: true);
    }
}
