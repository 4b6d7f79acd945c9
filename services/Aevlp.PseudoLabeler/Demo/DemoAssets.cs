using Aevlp.ML.Data;
using Aevlp.ML.Inference;
using Aevlp.ML.Teachers;
using Aevlp.Storage;
using Microsoft.Extensions.Options;

namespace Aevlp.PseudoLabeler.Demo;

/// <summary>
/// Seeds blob storage with the embedded demo when <c>datasets/fashion-mosaic</c> has no version yet: generates the
/// dataset, builds the demo teacher from its held-out garments, uploads the teacher to
/// <c>teachers/resnet18-imagenet-demo/</c> and the dataset as version 1, its manifest last (the commit marker).
/// Several replicas may start at once: a lease on <c>datasets/fashion-mosaic.seed.lease</c> lets one seed while
/// the others wait for the manifest, and a crash before the manifest leaves the next start to seed again.
/// </summary>
public sealed class DemoAssets(
    BlobStore store,
    OnnxExecution execution,
    DemoAssetsStatus status,
    IOptions<DemoAssetsOptions> options,
    IOptions<PseudoLabelerOptions> labelerOptions,
    ILogger<DemoAssets> logger) : BackgroundService
{
    public const string DatasetVersion = "1";
    private const int ParallelUploads = 8;
    private static readonly BlobPath SeedLease = new(BlobLayout.Datasets, $"{FashionMosaicGenerator.Name}.seed.lease");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            status.Ready("demo seeding disabled");
            return;
        }
        try
        {
            await EnsureSeededAsync(stoppingToken);
            status.Ready($"{FashionMosaicGenerator.Name} and {DemoTeacherBuilder.Name} are in blob storage");
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            logger.LogError(error, "Seeding the demo dataset and teacher failed");
            status.Failed(error.Message);
        }
    }

    private async Task EnsureSeededAsync(CancellationToken cancellationToken)
    {
        await store.EnsureContainersAsync(cancellationToken);
        await using var lease = await BlobLease.AcquireUnlessDoneAsync(store, SeedLease, HasVersionAsync, () => { }, cancellationToken);
        if (lease is null) return;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.Lost);
        await SeedAsync(stop.Token);
    }

    private async Task<bool> HasVersionAsync(CancellationToken cancellationToken) =>
        (await store.ListAsync(BlobLayout.Datasets, $"{FashionMosaicGenerator.Name}/", cancellationToken))
            .Any(name => name.EndsWith("/" + DatasetManifest.FileName, StringComparison.Ordinal));

    private async Task SeedAsync(CancellationToken cancellationToken)
    {
        var work = Path.Combine(labelerOptions.Value.CacheDirectory, $"demo-seed-{Guid.NewGuid():N}");
        try
        {
            var (dataset, teacher) = (Path.Combine(work, "dataset"), Path.Combine(work, "teacher"));
            var demo = options.Value;
            logger.LogInformation("Seeding {Dataset} v{Version}: {Train} train and {Test} test mosaics of {Size} px; teacher {Teacher} from {K} garments per class",
                FashionMosaicGenerator.Name, DatasetVersion, demo.TrainCount, demo.TestCount, demo.CanvasSize, DemoTeacherBuilder.Name, demo.ExamplesPerClass);
            await Task.Run(() =>
            {
                FashionMosaicGenerator.Generate(new FashionMosaicOptions(demo.Seed, demo.CanvasSize, TrainCount: demo.TrainCount,
                    TestCount: demo.TestCount, HeldOutPerClass: demo.HeldOutPerClass), dataset, cancellationToken);
                DemoTeacherBuilder.Build(dataset, teacher, demo.ExamplesPerClass, DemoTeacherEncoder.BesideAssemblies, execution, cancellationToken);
            }, cancellationToken);
            await UploadFolderAsync(teacher, TeacherMetadata.FileName, file => BlobLayout.Teacher(DemoTeacherBuilder.Name, file), cancellationToken);
            await UploadFolderAsync(dataset, DatasetManifest.FileName, file => BlobLayout.Dataset(FashionMosaicGenerator.Name, DatasetVersion, file),
                cancellationToken);
            logger.LogInformation("Seeded {Dataset} v{Version} and teacher {Teacher}", FashionMosaicGenerator.Name, DatasetVersion, DemoTeacherBuilder.Name);
        }
        finally
        {
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Every file but <paramref name="marker"/> in parallel, then the marker (teacher.json, manifest.json: what makes the
    /// teacher or the dataset version exist) only if absent; each with its SHA-256 recorded, as an import through the registry.</summary>
    private async Task UploadFolderAsync(string folder, string marker, Func<string, BlobPath> blobOf, CancellationToken cancellationToken)
    {
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(folder, file).Replace('\\', '/'))
            .ToArray();
        await Parallel.ForEachAsync(files.Where(f => f != marker),
            new ParallelOptions { MaxDegreeOfParallelism = ParallelUploads, CancellationToken = cancellationToken },
            async (file, ct) => await store.UploadFileHashedAsync(blobOf(file), Path.Combine(folder, file), ct));
        await store.UploadFileHashedAsync(blobOf(marker), Path.Combine(folder, marker), cancellationToken, createOnly: true);
    }
}
