using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Aevlp.ML.Data;
using Aevlp.ML.Inference;
using Aevlp.ML.Npy;
using Aevlp.Registry.Api;
using Aevlp.Storage;
using Aevlp.Testing;
using InputTag = Aevlp.Tracking.Client.Protocol.InputTag;
using Mlflow = Aevlp.Tracking.Client.Protocol;
using Xunit.Abstractions;

namespace Aevlp.EndToEnd.Tests;

/// <summary>What a user does: post a run for the embedded demo, and get a tracked, evaluated, registered ONNX model; and
/// sees it on the dashboard and the tracker (<see cref="Screenshots"/>).</summary>
public sealed class DemoRunTests(DashboardPlatform platform, ITestOutputHelper output) : IClassFixture<DashboardPlatform>
{
    private static readonly TimeSpan Within = TimeSpan.FromMinutes(5);

    // The demo config below reached a test mAP of 35.54 in each of three runs (its seeds fix it), with chance at 24.7 (the mean
    // share of positives among the 60 test images); a model that learned nothing stays within a few points of chance.
    private const double MarginOverChance = 5;

    private static readonly object Request = new
    {
        idempotencyKey = "e2e-demo-1",
        dataset = "fashion-mosaic",
        runName = "e2e",
        config = new { arch = "small-cnn", use_pretrained = false, image_size = 64, num_epochs = 2, bsize = 16 },
    };

    [Fact]
    public async Task A_posted_run_becomes_a_registered_champion_model_that_scores_images()
    {
        var created = await platform.Registry.CreateRunAsync(Request);
        Assert.True(created.Created);
        var runId = created.RunId;
        var run = await platform.Registry.WaitUntilEndedAsync(runId, Within);
        Assert.True(run.Run.Status == RunStatus.Finished, $"run ended {run.Run.Status}: {run.Error?.Stage} {run.Error?.Reason}");
        AssertEachWorkerAnnouncedItsStage(run);

        await AssertTrackedAsync(run);
        await Screenshots.TakeAsync(platform, run);
        var spans = await CleanRun.AssertReadableTraceAsync(platform.DashboardUri!, run.Links.TraceId!);
        output.WriteLine($"the run's trace: {spans} spans");
        await CleanRun.AssertNoErrorLogsAsync(platform);
        await SecretLeaks.AssertNoneAsync(platform, run);
        await AssertArtifactsAsync(runId);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(platform.EvaluatorCacheDir, "models")));   // the model's copy went with its delivery
        var versions = await platform.Registry.VersionsAsync(PlatformFixture.DemoDataset);
        var version = Assert.Single(versions);
        Assert.Equal((1, true, runId), (version.Version, version.IsChampion, version.RunId));
        await AssertTheModelScoresATestImageAsync(runId);

        // The same idempotency key again: the same run, nothing new.
        Assert.Equal(new RunCreated(runId, Created: false), await platform.Registry.CreateRunAsync(Request));
        Assert.Single(await platform.Registry.VersionsAsync(PlatformFixture.DemoDataset));
    }

    /// <summary>The registry's watchdog tells a queued command from a silent worker by the worker's StageReceived: each real
    /// worker must send it, naming itself, before it reports anything else.</summary>
    private static void AssertEachWorkerAnnouncedItsStage(RunDetails run)
    {
        var worked = run.Stages.Where(s => s.Stage != "Registration").ToList();
        Assert.Equal(["PseudoLabels", "Training", "Evaluation"], worked.Select(s => s.Stage));
        Assert.All(worked, stage =>
        {
            Assert.Matches(@"^.+:\d+$", stage.Worker);
            Assert.InRange(stage.ReceivedAt!.Value, stage.StartedAt, stage.EndedAt!.Value);
        });
    }

    private async Task AssertTrackedAsync(RunDetails run)
    {
        var tracked = await platform.Tracker.GetRunAsync(run.Links.TrackingRunId!);
        Assert.Equal("FINISHED", tracked.Info.Status);
        var valMap = await platform.Tracker.GetMetricHistoryAsync(tracked.Info.RunId, "val_map");
        Assert.Equal([1L, 2L], valMap.Select(m => m.Step).Order());
        var testMap = Assert.Single(tracked.Data.Metrics, m => m.Key == "test_map").Value;
        var chance = await ChanceMapAsync();
        output.WriteLine($"test mAP {testMap:F2}, chance {chance:F2}");
        Assert.True(testMap >= chance + MarginOverChance && testMap <= 100, $"test mAP {testMap:F2}; chance is {chance:F2}, the bound {chance + MarginOverChance:F2}");
        Assert.Contains(tracked.Data.Metrics, m => m.Key == "pl_f1");

        // The dataset version it trained on is the run's input, named by its manifest's hash (MLflow's digest holds 36 characters).
        var manifest = await platform.Blobs.Blob(BlobLayout.Dataset(PlatformFixture.DemoDataset, "1", DatasetManifest.FileName)).DownloadContentAsync();
        var manifestSha256 = Convert.ToHexStringLower(SHA256.HashData(manifest.Value.Content.ToArray()));
        var input = Assert.Single(tracked.Inputs!.DatasetInputs);
        Assert.Equal((PlatformFixture.DemoDataset, manifestSha256[..36], "aevlp"), (input.Dataset!.Name, input.Dataset.Digest, input.Dataset.SourceType));
        Assert.Contains(new InputTag("aevlp.manifest_sha256", manifestSha256), input.Tags!);

        await AssertLoggedModelAsync(tracked, testMap, run.Run.Id);

        // Spec §6: the AP of each class, whose mean is the test mAP.
        await using var artifact = await platform.Tracker.OpenArtifactAsync(tracked.Info, "test-class-ap.json");
        var classAp = await JsonSerializer.DeserializeAsync<Dictionary<string, double>>(artifact);
        Assert.Equal(FashionMnist.ClassNames, classAp!.Keys);
        Assert.All(classAp.Values, ap => Assert.InRange(ap, 0, 100));
        Assert.Equal(testMap, classAp.Values.Average(), 1e-9);
    }

    /// <summary>The exported model is the run's MLflow 3 logged model, READY, with the test metrics, the exact model.onnx, and
    /// an MLmodel of the onnx flavor as a YAML parser someone else wrote reads it; the registered version points to it.</summary>
    private async Task AssertLoggedModelAsync(Mlflow.Run tracked, double testMap, Guid runId)
    {
        var found = await platform.Tracker.SearchLoggedModelsAsync(new Mlflow.SearchLoggedModelsRequest([tracked.Info.ExperimentId], Mlflow.RunModel.Filter(tracked.Info.RunId)));
        var model = Assert.Single(found.Models);
        Assert.Equal(Mlflow.LoggedModelStatus.Ready, model.Info.Status);
        Assert.Equal(testMap, Assert.Single(model.Data.Metrics, m => m.Key == "test_map").Value);
        Assert.Equal([new Mlflow.ModelOutput(model.Info.ModelId, 0)], tracked.Outputs!.ModelOutputs);

        await using (var mlmodel = await platform.Tracker.OpenArtifactAsync(model.Info.ArtifactUri, "MLmodel"))
        {
            var yaml = new YamlDotNet.Serialization.DeserializerBuilder().Build()
                .Deserialize<Dictionary<string, object>>(await new StreamReader(mlmodel).ReadToEndAsync());
            var flavors = (Dictionary<object, object>)yaml["flavors"];
            Assert.Equal("model.onnx", ((Dictionary<object, object>)flavors["onnx"])["data"]);
            Assert.Equal("mlflow.onnx", ((Dictionary<object, object>)flavors["python_function"])["loader_module"]);
            Assert.Equal(model.Info.ModelId, yaml["model_id"]);
        }
        await using var onnx = await platform.Tracker.OpenArtifactAsync(model.Info.ArtifactUri, "model.onnx");
        using var logged = new MemoryStream();
        await onnx.CopyToAsync(logged);
        var stored = await platform.Blobs.Blob(BlobLayout.Run(runId, "model.onnx")).DownloadContentAsync();
        Assert.Equal(SHA256.HashData(stored.Value.Content.ToArray()), SHA256.HashData(logged.ToArray()));

        var version = Assert.Single((await platform.Tracker.SearchModelVersionsAsync($"name='{PlatformFixture.DemoDataset}'")).ModelVersions);
        Assert.Equal(($"models:/{model.Info.ModelId}", model.Info.ModelId), (version.Source, version.ModelId));
    }

    /// <summary>The test mAP of scores that know nothing: each class's AP is then its share of positives in the test split.</summary>
    private async Task<double> ChanceMapAsync()
    {
        var file = Path.GetTempFileName();
        await platform.Blobs.Blob(BlobLayout.Dataset(PlatformFixture.DemoDataset, "1", SpmlFiles.Labels(SpmlFiles.OfficialVal))).DownloadToAsync(file);
        var labels = NpyFile.Read(file);
        File.Delete(file);
        var truth = labels.ToDoubles();
        var classes = labels.Shape[1];
        return Enumerable.Range(0, classes).Average(c => truth.Where((_, i) => i % classes == c).Average()) * 100;
    }

    private async Task AssertArtifactsAsync(Guid runId)
    {
        foreach (var file in new[] { "model.onnx", "model.json", "test-predictions.npy" })
        {
            Assert.True(await platform.Blobs.ExistsAsync(BlobLayout.Run(runId, file), CancellationToken.None), $"runs/{runId:N}/{file} missing");
        }
        // A trained run's checkpoints only served resumption: they are deleted once the model is stored.
        var checkpoints = await platform.Blobs.ListAsync(BlobLayout.Runs, BlobLayout.Run(runId, "checkpoints/").Name, CancellationToken.None);
        Assert.Empty(checkpoints);
    }

    private async Task AssertTheModelScoresATestImageAsync(Guid runId)
    {
        var folder = Directory.CreateTempSubdirectory("aevlp-e2e-model-").FullName;
        foreach (var file in new[] { "model.onnx", "model.json" })
        {
            await platform.Blobs.Blob(BlobLayout.Run(runId, file)).DownloadToAsync(Path.Combine(folder, file));
        }
        var images = await platform.Blobs.ListAsync(BlobLayout.Datasets, "fashion-mosaic/1/images/test/", CancellationToken.None);
        var image = Path.Combine(folder, "test.png");
        await platform.Blobs.Blob(new BlobPath(BlobLayout.Datasets, images[^1])).DownloadToAsync(image);

        using var classifier = OnnxClassifier.Open(folder);
        var scores = classifier.Predict([image]);

        Assert.Equal(10, scores.Length);
        Assert.All(scores, p => Assert.InRange(p, 0, 1));
        Directory.Delete(folder, recursive: true);
    }
}
