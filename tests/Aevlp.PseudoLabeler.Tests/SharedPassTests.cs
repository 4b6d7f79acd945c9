using System.Diagnostics;
using System.Globalization;
using Aevlp.Contracts;
using Aevlp.ML.Inference;
using Aevlp.ML.Npy;
using Aevlp.ML.Teachers;
using Aevlp.ML.Data;
using Aevlp.Storage;
using Azure.Storage.Blobs.Models;
using MassTransit;

namespace Aevlp.PseudoLabeler.Tests;

/// <summary>Several replicas share one teacher pass chunk by chunk; the merged logits are the bits one pass over every image
/// gives, whoever scored which chunk, whatever was delivered twice and whichever replica died.</summary>
[Collection(PseudoLabelerCollection.Name)]
public sealed class SharedPassTests(PseudoLabelerPlatform platform) : IDisposable
{
    private const string Demo = "resnet18-imagenet-demo";
    private const int Chunks = PseudoLabelerPlatform.TrainImages / PseudoLabelerPlatform.ChunkImages;
    private readonly string local = Directory.CreateTempSubdirectory("aevlp-shared-pass-").FullName;

    public void Dispose() => Directory.Delete(local, recursive: true);

    private static GeneratePseudoLabels Request(int grid, int variants) => new(Guid.NewGuid(), 1, "fashion-mosaic", "1", Demo, grid, variants);

    [Fact]
    public async Task Replicas_share_a_pass_and_the_merged_logits_are_the_bits_of_one_pass_over_every_image()
    {
        var request = Request(grid: 3, variants: 2);
        await platform.Bus.Publish(request);
        var ready = await platform.Events.WaitForAsync<PseudoLabelsReady>(e => e.RunId == request.RunId);

        var manifest = await ManifestAsync(ready.PseudoLabelKey);
        Assert.Equal(Enumerable.Range(0, Chunks).Select(c => c * PseudoLabelerPlatform.ChunkImages), manifest.Chunks!.Select(c => c.First));
        Assert.All(manifest.Chunks!, c => Assert.Equal(PseudoLabelerPlatform.ChunkImages, c.Count));
        Assert.True(manifest.Chunks!.Select(c => c.Worker).Distinct().Count() >= 2, $"one worker scored every chunk: {manifest.Chunks![0].Worker}");
        Assert.Equal("Cpu", manifest.ExecutionProvider);
        Assert.Equal(await OnePassAsync(request), (await LogitsAsync(ready.PseudoLabelKey)).ToArray());
        Assert.Empty(await ChunkBlobsAsync(ready.PseudoLabelKey));
    }

    [Fact]
    public async Task Chunks_delivered_twice_during_and_after_the_pass_are_committed_once_and_leave_no_chunk_behind()
    {
        var request = Request(grid: 2, variants: 4);
        await platform.Bus.Publish(request);
        var sent = await ChunksSentAsync(request.RunId);
        foreach (var chunk in sent) await platform.Bus.Publish(chunk);
        var ready = await platform.Events.WaitForAsync<PseudoLabelsReady>(e => e.RunId == request.RunId);
        foreach (var chunk in sent) await platform.Bus.Publish(chunk);
        // Chunks queue in order on one queue, so once a later pass is done, every delivery above has been handled.
        var later = Request(grid: 1, variants: 3);
        await platform.Bus.Publish(later);
        await platform.Events.WaitForAsync<PseudoLabelsReady>(e => e.RunId == later.RunId);

        var manifest = await ManifestAsync(ready.PseudoLabelKey);
        Assert.Equal(sent.Select(c => c.First).Order(), manifest.Chunks!.Select(c => c.First));
        Assert.Equal(3 * Chunks, platform.Events.Of<ScoreTeacherChunk>(c => c.Pass.RunId == request.RunId).Count);
        Assert.Empty(await ChunkBlobsAsync(ready.PseudoLabelKey));
        Assert.Equal(await OnePassAsync(request), (await LogitsAsync(ready.PseudoLabelKey)).ToArray());
    }

    [Fact]
    public async Task A_chunk_recorded_as_a_fault_is_sent_again_and_the_pass_completes_without_it()
    {
        var request = Request(grid: 4, variants: 2);
        await platform.Bus.Publish(request);
        var last = (await ChunksSentAsync(request.RunId)).MaxBy(c => c.First)!;
        // What ScoreTeacherChunkFaultConsumer writes once a chunk's retries are spent.
        var fault = BlobLayout.PseudoLabelChunk(last.Key, $"{last.ChunkImages}x{last.BatchSize}-f2", last.First, ChunkFile.Fault);
        await platform.Blobs.GetBlobContainerClient(fault.Container).GetBlobClient(fault.Name).UploadAsync(BinaryData.FromString("injected by the test"));
        var ready = await platform.Events.WaitForAsync<PseudoLabelsReady>(e => e.RunId == request.RunId);

        Assert.True(platform.Events.Of<ScoreTeacherChunk>(c => c.Pass.RunId == request.RunId && c.First == last.First).Count >= 2,
            "the faulted chunk was not sent again");
        Assert.Single((await ManifestAsync(ready.PseudoLabelKey)).Chunks!, c => c.First == last.First);
        Assert.Empty(await ChunkBlobsAsync(ready.PseudoLabelKey));
        Assert.Equal(await OnePassAsync(request), (await LogitsAsync(ready.PseudoLabelKey)).ToArray());
    }

    [Fact]
    public async Task A_replica_killed_mid_pass_loses_only_its_chunk_and_another_replica_finishes_the_pass()
    {
        var request = Request(grid: 5, variants: 4);
        await platform.Bus.Publish(request);
        var heartbeat = await platform.Events.WaitForAsync<StageProgressed>(e => e.RunId == request.RunId && e.Done >= PseudoLabelerPlatform.ChunkImages);
        var key = (await ChunksSentAsync(request.RunId))[0].Key;
        var before = await CommittedChunksAsync(key);
        Assert.False(await platform.Blobs.GetBlobContainerClient(BlobLayout.PseudoLabels).GetBlobClient($"{key}/{TeacherLogitsManifest.FileName}").ExistsAsync(),
            "the pass was merged before the kill");
        int killed = int.Parse(heartbeat.Worker[(heartbeat.Worker.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
        Process.GetProcessById(killed).Kill();

        var ready = await platform.Events.WaitForAsync<PseudoLabelsReady>(e => e.RunId == request.RunId);
        await platform.StartStoppedReplicasAsync(PseudoLabelerPlatform.Name);

        var manifest = await ManifestAsync(ready.PseudoLabelKey);
        Assert.Equal(Enumerable.Range(0, Chunks).Select(c => c * PseudoLabelerPlatform.ChunkImages), manifest.Chunks!.Select(c => c.First));
        Assert.InRange(before.Count, 1, Chunks - 1);
        // What was committed before the kill is kept, by whoever scored it, not scored again.
        Assert.All(before, chunk => Assert.Equal(chunk.Value, manifest.Chunks!.Single(c => c.First == chunk.Key).Worker));
        Assert.Equal(await OnePassAsync(request), (await LogitsAsync(ready.PseudoLabelKey)).ToArray());
        Assert.Empty(await ChunkBlobsAsync(ready.PseudoLabelKey));
    }

    private async Task<IReadOnlyList<ScoreTeacherChunk>> ChunksSentAsync(Guid runId)
    {
        for (int i = 0; i < 600; i++)
        {
            var sent = platform.Events.Of<ScoreTeacherChunk>(c => c.Pass.RunId == runId);
            if (sent.Count >= Chunks) return sent;
            await Task.Delay(100);
        }
        throw new TimeoutException($"fewer than {Chunks} chunks sent for run {runId}");
    }

    /// <summary>The logits one pass over every train image gives in this process, as the pseudo-labeler would store them.</summary>
    private async Task<byte[]> OnePassAsync(GeneratePseudoLabels request)
    {
        var teacherFolder = await DownloadAsync(BlobLayout.Teachers, $"{Demo}/");
        var datasetFolder = await DownloadAsync(BlobLayout.Datasets, "fashion-mosaic/1/");
        var train = SpmlDatasetLoader.Load(datasetFolder, Path.Combine(datasetFolder, "images")).OfficialTrain;
        using var teacher = Teacher.Load(teacherFolder, OnnxExecution.Cpu(), new RelationGraph(null, RelationGraph.Released.Reweight));
        var paths = Enumerable.Range(0, train.Count).Select(train.FullImagePath).ToArray();
        var logits = await new TeacherScorer(teacher).ScoreAsync(paths, new TeacherScoringOptions(request.GridSize, request.Variants));
        using var npy = new MemoryStream();
        NpyFile.Write(npy, logits.ToNpy(float16: true));
        return npy.ToArray();
    }

    private async Task<string> DownloadAsync(string container, string prefix)
    {
        var folder = Path.Combine(local, container, prefix);
        var blobs = platform.Blobs.GetBlobContainerClient(container);
        await foreach (var blob in blobs.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, CancellationToken.None))
        {
            var file = Path.Combine(folder, blob.Name[prefix.Length..]);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await blobs.GetBlobClient(blob.Name).DownloadToAsync(file);
        }
        return folder;
    }

    private async Task<TeacherLogitsManifest> ManifestAsync(string key) =>
        TeacherLogitsManifest.FromJson((await platform.DownloadAsync(BlobLayout.PseudoLabel(key, TeacherLogitsManifest.FileName))).ToMemory().Span, key);

    private Task<BinaryData> LogitsAsync(string key) => platform.DownloadAsync(BlobLayout.PseudoLabel(key, TeacherLogitsManifest.LogitsFile));

    private async Task<List<string>> ChunkBlobsAsync(string key)
    {
        var names = new List<string>();
        await foreach (var blob in platform.Blobs.GetBlobContainerClient(BlobLayout.PseudoLabels).GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{key}/chunks", CancellationToken.None))
            names.Add(blob.Name);
        return names;
    }

    /// <summary>First image → worker of every chunk committed now.</summary>
    private async Task<Dictionary<int, string>> CommittedChunksAsync(string key)
    {
        var committed = new Dictionary<int, string>();
        await foreach (var blob in platform.Blobs.GetBlobContainerClient(BlobLayout.PseudoLabels).GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, $"{key}/chunks", CancellationToken.None))
            if (blob.Name.EndsWith(".npy", StringComparison.Ordinal))
                committed[int.Parse(Path.GetFileNameWithoutExtension(blob.Name), CultureInfo.InvariantCulture)] = blob.Metadata["worker"];
        return committed;
    }
}
