using Aevlp.Contracts;
using Aevlp.ML.Npy;
using Aevlp.ML.Teachers;
using Aevlp.Storage;
using Azure.Storage.Blobs.Models;

namespace Aevlp.PseudoLabeler.Tests;

public sealed class PseudoLabelerServiceTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private const string Demo = "resnet18-imagenet-demo";

    private static GeneratePseudoLabels Request(string teacher = Demo, int grid = 2, int variants = 2) =>
        new(Guid.NewGuid(), 1, "fashion-mosaic", "1", teacher, grid, variants);

    [Fact]
    public async Task The_demo_is_seeded_and_a_repeated_request_is_computed_once_then_reused()
    {
        var first = Request();
        await platform.Bus.Publish(first);
        var computed = await platform.Events.WaitForAsync<PseudoLabelsReady>(e => e.RunId == first.RunId);
        var second = Request();
        await platform.Bus.Publish(second);
        var reused = await platform.Events.WaitForAsync<PseudoLabelsReady>(e => e.RunId == second.RunId);

        Assert.False(computed.Reused);
        Assert.True(reused.Reused);
        Assert.Equal(computed.PseudoLabelKey, reused.PseudoLabelKey);
        var heartbeats = platform.Events.Of<StageProgressed>(e => e.RunId == first.RunId);
        Assert.NotEmpty(heartbeats);
        Assert.All(heartbeats, h => Assert.Equal((Stage.PseudoLabels, "images"), (h.Stage, h.Unit)));
        Assert.Contains(heartbeats, h => h.Total == PlatformFixture.TrainImages);

        var manifestJson = await platform.DownloadAsync(BlobLayout.PseudoLabel(computed.PseudoLabelKey, TeacherLogitsManifest.FileName));
        var manifest = TeacherLogitsManifest.FromJson(manifestJson.ToMemory().Span, "pseudo-labels.json");
        var npy = await platform.DownloadAsync(BlobLayout.PseudoLabel(computed.PseudoLabelKey, TeacherLogitsManifest.LogitsFile));
        var logits = TeacherLogits.FromNpy(NpyFile.Read(npy.ToStream(), "logits.npy"), "logits.npy");
        Assert.Equal([PlatformFixture.TrainImages, 5, 2, 10], manifest.Shape);
        Assert.Equal("<f2", manifest.DType);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(npy.ToMemory().Span)), manifest.LogitsSha256);
        Assert.Equal((PlatformFixture.TrainImages, 5, 2, 10), (logits.Images, logits.Views, logits.Variants, logits.Classes));
        Assert.All(logits.Values, v => Assert.InRange(v, -1f, 1f));
    }

    [Fact]
    public async Task A_corrupt_teacher_fails_the_run_once_with_a_reason_naming_the_file_and_the_service_carries_on()
    {
        await CopyDemoTeacherAsync("corrupt-encoder", encoder: BinaryData.FromString("this is not an ONNX model"));
        var corrupt = Request("corrupt-encoder");
        await platform.Bus.Publish(corrupt);

        var failed = await platform.Events.WaitForAsync<RunFailed>(e => e.RunId == corrupt.RunId);
        Assert.Equal(Stage.PseudoLabels, failed.Stage);
        Assert.StartsWith("teachers/corrupt-encoder/encoder.onnx: not a readable ONNX model", failed.Reason);

        var after = Request(grid: 1, variants: 1);
        await platform.Bus.Publish(after);
        Assert.False((await platform.Events.WaitForAsync<PseudoLabelsReady>(e => e.RunId == after.RunId)).Reused);
        Assert.Single(platform.Events.Of<RunFailed>(e => e.RunId == corrupt.RunId));
        Assert.Empty(platform.Events.Of<PseudoLabelsReady>(e => e.RunId == corrupt.RunId));
    }

    [Fact]
    public async Task A_missing_teacher_or_dataset_version_fails_the_run_with_what_is_missing()
    {
        var noTeacher = Request("no-such-teacher");
        var noVersion = Request() with { DatasetVersion = "99" };
        await platform.Bus.Publish(noTeacher);
        await platform.Bus.Publish(noVersion);

        Assert.Equal("teachers/no-such-teacher/ holds no files: no teacher named 'no-such-teacher'",
            (await platform.Events.WaitForAsync<RunFailed>(e => e.RunId == noTeacher.RunId)).Reason);
        Assert.Equal("datasets/fashion-mosaic/99/manifest.json not found: dataset 'fashion-mosaic' has no version '99'",
            (await platform.Events.WaitForAsync<RunFailed>(e => e.RunId == noVersion.RunId)).Reason);
    }

    [Fact]
    public async Task A_cancellation_request_stops_the_run()
    {
        var slow = Request(grid: 6, variants: 4);
        await platform.Bus.Publish(slow);
        await platform.Events.WaitForAsync<StageProgressed>(e => e.RunId == slow.RunId && e.Total > 0);
        await platform.Bus.Publish(new RunCancellationRequested(slow.RunId));

        var cancelled = await platform.Events.WaitForAsync<StageCancelled>(e => e.RunId == slow.RunId);
        Assert.Equal((Stage.PseudoLabels, 1), (cancelled.Stage, cancelled.Attempt));
        Assert.Empty(platform.Events.Of<PseudoLabelsReady>(e => e.RunId == slow.RunId));
    }

    /// <summary>The demo teacher's blobs under another name, with the encoder replaced.</summary>
    private async Task CopyDemoTeacherAsync(string name, BinaryData encoder)
    {
        var teachers = platform.Blobs.GetBlobContainerClient(BlobLayout.Teachers);
        await foreach (var blob in teachers.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{Demo}/", CancellationToken.None))
        {
            var file = blob.Name[(Demo.Length + 1)..];
            var content = file == TeacherMetadata.EncoderFile ? encoder : await platform.DownloadAsync(BlobLayout.Teacher(Demo, file));
            await teachers.GetBlobClient($"{name}/{file}").UploadAsync(content, overwrite: true);
        }
    }
}
