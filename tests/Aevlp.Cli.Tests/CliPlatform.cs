using Aevlp.AppHost.Services;
using Aevlp.Testing;
using Aspire.Hosting;
using Aspire.Hosting.Testing;

namespace Aevlp.Cli.Tests;

/// <summary>The whole platform (local mode) with a tiny embedded demo, and the CLI run in-process against its
/// registry with stdout and stderr captured (not a terminal, so plain text).</summary>
public sealed class CliPlatform : PlatformFixture
{
    protected override IReadOnlyDictionary<string, string> DemoSize { get; } = new Dictionary<string, string>
    {
        ["DemoAssets__TrainCount"] = "40",
        ["DemoAssets__TestCount"] = "20",
        ["DemoAssets__CanvasSize"] = "64",
        ["DemoAssets__HeldOutPerClass"] = "2",
        ["DemoAssets__ExamplesPerClass"] = "2",
    };

    private readonly string cache = Directory.CreateTempSubdirectory("aevlp-cli-cache-").FullName;

    public string RegistryUrl { get; private set; } = "";

    public override async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("AEVLP_CACHE_DIR", cache);
        await base.InitializeAsync();
        RegistryUrl = App.GetEndpoint(RegistryResource.Name, "http").ToString();
    }

    public Task<CliResult> RunAsync(params string[] args) => CliResult.RunAsync([.. args, "--registry", RegistryUrl, "--api-key", ApiKey]);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(cache, recursive: true);
    }
}

/// <summary>The CLI's platform tests share one platform: starting it is the slow part.</summary>
[CollectionDefinition(Name)]
public sealed class CliCollection : ICollectionFixture<CliPlatform>
{
    public const string Name = "cli platform";
}
