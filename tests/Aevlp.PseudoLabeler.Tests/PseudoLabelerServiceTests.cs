using System.Text.Json.Nodes;
using Aevlp.Contracts;
using Aevlp.ML.Data;
using Aevlp.ML.Npy;
using Aevlp.ML.Teachers;
using Aevlp.Storage;
using Azure.Storage.Blobs.Models;

namespace Aevlp.PseudoLabeler.Tests;

[Collection(PseudoLabelerCollection.Name)]
public sealed class PseudoLabelerServiceTests(PseudoLabelerPlatform platform)
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
        Assert.Contains(heartbeats, h => h.Total == PseudoLabelerPlatform.TrainImages);

        var manifestJson = await platform.DownloadAsync(BlobLayout.PseudoLabel(computed.PseudoLabelKey, TeacherLogitsManifest.FileName));
        var manifest = TeacherLogitsManifest.FromJson(manifestJson.ToMemory().Span, "pseudo-labels.json");
        var npy = await platform.DownloadAsync(BlobLayout.PseudoLabel(computed.PseudoLabelKey, TeacherLogitsManifest.LogitsFile));
        var logits = TeacherLogits.FromNpy(NpyFile.Read(npy.ToStream(), "logits.npy"), "logits.npy");
        Assert.Equal([PseudoLabelerPlatform.TrainImages, 5, 2, 10], manifest.Shape);
        Assert.Equal("<f2", manifest.DType);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(npy.ToMemory().Span)), manifest.LogitsSha256);
        Assert.Equal((PseudoLabelerPlatform.TrainImages, 5, 2, 10), (logits.Images, logits.Views, logits.Variants, logits.Classes));
        Assert.All(logits.Values, v => Assert.InRange(v, -1f, 1f));
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public async Task A_corrupt_teacher_fails_the_run_once_with_a_reason_naming_the_file_and_the_service_carries_on()
    {
        await CopyDemoAsync(BlobLayout.Teachers, Demo, "corrupt-encoder", TeacherMetadata.EncoderFile, BinaryData.FromString("this is not an ONNX model"));
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
    [Trait("Category", "BadInput")]
    public async Task A_teacher_whose_input_name_is_not_the_encoders_fails_the_run_naming_both()
    {
        var metadata = JsonNode.Parse((await platform.DownloadAsync(BlobLayout.Teacher(Demo, TeacherMetadata.FileName))).ToString())!;
        var realInput = metadata["inputName"]!.GetValue<string>();
        metadata["inputName"] = "image";
        await CopyDemoAsync(BlobLayout.Teachers, Demo, "wrong-input", TeacherMetadata.FileName, BinaryData.FromString(metadata.ToJsonString()));
        var request = Request("wrong-input");

        await platform.Bus.Publish(request);

        var failed = await platform.Events.WaitForAsync<RunFailed>(e => e.RunId == request.RunId);
        Assert.Equal(Stage.PseudoLabels, failed.Stage);
        Assert.Equal($"teachers/wrong-input/{TeacherMetadata.EncoderFile}: has no input 'image' (teacher.json inputName); its inputs are: {realInput}", failed.Reason);
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public async Task A_corrupt_image_or_a_row_without_an_observed_positive_fails_the_run_naming_the_blob()
    {
        var demo = BlobLayout.Dataset("fashion-mosaic", "1", SpmlFiles.Images(SpmlFiles.OfficialTrain));
        var firstImage = $"images/{NpyFile.Read((await platform.DownloadAsync(demo)).ToStream(), demo.Name).As<string>()[0]}";
        await CopyDemoAsync(BlobLayout.Datasets, "fashion-mosaic/1", "corrupt-image/1", firstImage, BinaryData.FromString("not a PNG"));
        var observedFile = SpmlFiles.ObservedLabels(SpmlFiles.OfficialTrain);
        var observed = NpyFile.Read((await platform.DownloadAsync(BlobLayout.Dataset("fashion-mosaic", "1", observedFile))).ToStream(), observedFile);
        var values = Array.ConvertAll(observed.ToDoubles(), v => (float)v);
        Array.Clear(values, 0, observed.Shape[1]);
        var withoutPositive = new MemoryStream();
        NpyFile.Write(withoutPositive, NpyArray.Of(values, [.. observed.Shape]));
        await CopyDemoAsync(BlobLayout.Datasets, "fashion-mosaic/1", "no-positive/1", observedFile, BinaryData.FromBytes(withoutPositive.ToArray()));
        var corrupt = Request() with { Dataset = "corrupt-image" };
        var noPositive = Request() with { Dataset = "no-positive" };

        await platform.Bus.Publish(corrupt);
        await platform.Bus.Publish(noPositive);

        Assert.Equal($"datasets/corrupt-image/1/{firstImage}: not a supported image (expected JPEG or PNG)",
            (await platform.Events.WaitForAsync<RunFailed>(e => e.RunId == corrupt.RunId)).Reason);
        Assert.Equal($"dataset datasets/no-positive/1 has 1 problem(s):\n  datasets/no-positive/1/{observedFile}, row 0: no observed positive; training needs one per image",
            (await platform.Events.WaitForAsync<RunFailed>(e => e.RunId == noPositive.RunId)).Reason);
        Assert.Empty(platform.Events.Of<PseudoLabelsReady>(e => e.RunId == corrupt.RunId || e.RunId == noPositive.RunId));
    }

    [Fact]
    [Trait("Category", "BadInput")]
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

    /// <summary>Every blob under <paramref name="from"/>/ copied under <paramref name="to"/>/, with <paramref name="file"/> replaced.</summary>
    private async Task CopyDemoAsync(string container, string from, string to, string file, BinaryData replacement)
    {
        var blobs = platform.Blobs.GetBlobContainerClient(container);
        await foreach (var blob in blobs.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{from}/", CancellationToken.None))
        {
            var name = blob.Name[(from.Length + 1)..];
            var content = name == file ? replacement : await platform.DownloadAsync(new BlobPath(container, blob.Name));
            await blobs.GetBlobClient($"{to}/{name}").UploadAsync(content, overwrite: true);
        }
    }
}
