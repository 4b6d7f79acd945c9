using System.Globalization;
using Aevlp.AppHost.Services;
using Aevlp.Testing;
using Aspire.Hosting;
using Aspire.Hosting.Testing;

namespace Aevlp.Benchmarks.SharedPass;

/// <summary>The real AppHost in local mode with RabbitMQ, Azurite and <paramref name="replicas"/> pseudo-labelers of one ONNX Runtime
/// thread each (on two cores, one replica per core at most), on a demo dataset of <paramref name="images"/> train images.</summary>
public sealed class SharedPassPlatform(int replicas, int images, int chunkImages) : AppHostFixture
{
    public const string Name = "pseudolabeler";

    protected override string[] Resources => ["messaging", "blobs", Name];

    protected override string[] Settings => [$"--{Workers.PseudoLabelerReplicasSetting}={replicas}"];

    protected override Action<IDistributedApplicationTestingBuilder> Configure => builder =>
    {
        AppModel.Only(Name)(builder);
        builder.Project(Name)
            .WithEnvironment("PseudoLabeler__CacheDirectory", Path.Combine(DataDir, "pseudolabeler-cache"))
            .WithEnvironment("PseudoLabeler__IntraOpThreads", "1")
            .WithEnvironment("PseudoLabeler__ChunkImages", chunkImages.ToString(CultureInfo.InvariantCulture))
            .WithEnvironment("DemoAssets__TrainCount", images.ToString(CultureInfo.InvariantCulture))
            .WithEnvironment("DemoAssets__TestCount", "10");
    };
}
