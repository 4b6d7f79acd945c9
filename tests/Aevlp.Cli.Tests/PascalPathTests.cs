using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aevlp.Registry.Api;
using Aevlp.Testing.Python;

namespace Aevlp.Cli.Tests;

/// <summary>The path users take (README "Your own data"), command by command: a teacher in the CLIP exporter's format, torchvision
/// ResNet-50 weights, a dataset in the SPML format written by numpy and PIL, then configs/pascal.json unchanged but for one
/// epoch — ResNet-50 at 448 px, the 4×4 grid, batch 8 — to a FINISHED run with test metrics, a registered model and a prediction.
/// The export's network download and the ImageNet weights cannot run offline: the exporter's own functions run on a tiny
/// stand-in for CLIP (make_clip_format_teacher.py) and the ResNet-50 weights are torchvision's random initialisation.</summary>
[Collection(CliCollection.Name)]
public sealed class PascalPathTests(CliPlatform platform) : IDisposable
{
    private const string Teacher = "clip-vit-b16-voc", Dataset = "voc-tiny";
    private readonly string work = Directory.CreateTempSubdirectory("aevlp-pascal-").FullName;

    public void Dispose() => Directory.Delete(work, recursive: true);

    [PythonTorchFact]
    public async Task Pascal_config_trains_unchanged_on_imported_spml_data_with_a_clip_teacher_and_resnet50_weights()
    {
        var teacherFolder = Path.Combine(work, Teacher);
        PythonScripts.Run($"import runpy, sys; sys.argv = ['make', '--out', '{teacherFolder}']; " +
            $"runpy.run_path('{PlatformCommandTests.RepositoryFile("tests/Aevlp.ML.Tests/Teachers/data/make_clip_format_teacher.py")}', run_name='__main__')");
        var weights = PythonScripts.WriteTorchvisionWeights("resnet50", Path.Combine(work, "resnet50-imagenet.pth"));
        var voc = WriteVocLikeSpmlFolder(Path.Combine(work, "voc"));

        await OkAsync("teachers", "import", teacherFolder);
        await OkAsync("weights", "import", "--arch", "resnet50", weights);
        await OkAsync("datasets", "import", "--format", "spml", "--path", voc, "--images", Path.Combine(voc, "JPEGImages"), "--name", Dataset,
            "--classes", PlatformCommandTests.RepositoryFile("configs/reference/classnames/voc_labels.txt"));
        var train = await OkAsync("train", "--config", "pascal", "--dataset", Dataset, "--set", $"teacher={Teacher}", "--set", "num_epochs=1", "--wait");
        var runId = Guid.Parse(train.Split(' ')[1]);
        var run = JsonSerializer.Deserialize<RunDetails>(await OkAsync("runs", "show", runId.ToString(), "--json"), JsonSerializerOptions.Web)!;
        var prediction = await OkAsync("models", "predict", Dataset, Path.Combine(voc, "JPEGImages", "val0.jpg"), "--json");

        Assert.Equal(RunStatus.Finished, run.Run.Status);
        Assert.NotNull(run.TestMetrics?["map"]);
        AssertPascalKeysUnchanged(run.Config.AsObject());
        Assert.Equal(Sha256(weights), (string?)run.Assets["weights"]!["sha256"]);
        var teacher = (string?)run.Assets["teacher"]!["sha256"];
        var tags = (await platform.Tracker.GetRunAsync(run.Links.TrackingRunId!, CancellationToken.None)).Data.Tags.ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal((Teacher, teacher, "resnet50-imagenet", Sha256(weights)),
            (tags["aevlp.teacher"], tags["aevlp.teacher_sha256"], tags["aevlp.weights"], tags["aevlp.weights_sha256"]));
        var scores = JsonNode.Parse(prediction)![0]!["scores"]!.AsArray();
        Assert.Equal(20, scores.Count);
    }

    [PythonTorchFact]
    public async Task Refused_imports_and_unknown_configs_name_the_problem_and_store_nothing()
    {
        var weights = PythonScripts.WriteTorchvisionWeights("resnet50", Path.Combine(work, "resnet50.pth"));
        var noMetadata = Directory.CreateDirectory(Path.Combine(work, "no-metadata")).FullName;
        File.WriteAllText(Path.Combine(noMetadata, "encoder.onnx"), "not onnx");

        var wrongArch = await platform.RunAsync("weights", "import", "--arch", "resnet18", weights, "--name", "r50-as-r18");
        var unnamed = await platform.RunAsync("teachers", "import", noMetadata);
        var broken = await platform.RunAsync("teachers", "import", noMetadata, "--name", "broken-teacher");
        var unknownConfig = await platform.RunAsync("train", "--config", "no-such-config", "--dataset", Dataset);
        var listed = await platform.RunAsync("weights", "list", "--json");

        Assert.True(wrongArch.ExitCode == ExitCodes.Failed, wrongArch.ToString());
        Assert.Contains("file: unexpected key layer1.0.conv3.weight [256, 64, 1, 1]", wrongArch.Error);
        Assert.True(unnamed.ExitCode == ExitCodes.Usage, unnamed.ToString());
        Assert.Contains("teacher.json", unnamed.Error);
        Assert.True(broken.ExitCode == ExitCodes.Failed, broken.ToString());
        Assert.Contains("teacher.json: missing: every teacher has this file", broken.Error);
        Assert.Contains("class_embeddings.npy: missing: every teacher has this file", broken.Error);
        Assert.True(unknownConfig.ExitCode == ExitCodes.Usage, unknownConfig.ToString());
        Assert.Contains("'no-such-config' is neither a file nor one of the registry's configs (coco, cub, fashion-mosaic, nuswide, pascal)", unknownConfig.Error);
        Assert.DoesNotContain(JsonSerializer.Deserialize<List<WeightsSummary>>(listed.Out, JsonSerializerOptions.Web)!, w => w.Name == "r50-as-r18");
    }

    /// <summary>Every key of configs/pascal.json reaches the run as it is, but the epochs the test shortens and the teacher it names.</summary>
    private static void AssertPascalKeysUnchanged(JsonObject config)
    {
        var pascal = JsonNode.Parse(File.ReadAllText(PlatformCommandTests.RepositoryFile("configs/pascal.json")))!.AsObject();
        Assert.Equal((1, Teacher, Dataset, "resnet50-imagenet"),
            ((int)config["num_epochs"]!, (string)config["teacher"]!, (string)config["dataset"]!, (string)config["pretrained_weights"]!));
        foreach (var (key, value) in pascal.Where(entry => entry.Key is not ("num_epochs" or "dataset") && config.ContainsKey(entry.Key)))
            Assert.True(JsonNode.DeepEquals(value, config[key]), $"{key}: pascal.json {value?.ToJsonString()}, run {config[key]?.ToJsonString()}");
        Assert.Equal(("resnet50", 448, 8, 4), ((string)config["arch"]!, (int)config["image_size"]!, (int)config["bsize"]!, (int)config["grid_size"]!));
    }

    private async Task<string> OkAsync(params string[] args)
    {
        var result = await platform.RunAsync(args);
        Assert.True(result.ExitCode == ExitCodes.Ok, $"aevlp {string.Join(' ', args)}\n{result}");
        return result.Out;
    }

    /// <summary>An SPML folder as other people's converters write it (numpy's own .npy, JPEGs from PIL): 10 train and 4 val
    /// images of the 20 VOC classes at their own sizes, each with one or two positives and its first as the observed one.</summary>
    private static string WriteVocLikeSpmlFolder(string folder)
    {
        PythonScripts.Run($$"""
            import os, numpy
            from PIL import Image
            root = "{{folder}}"
            os.makedirs(os.path.join(root, "JPEGImages"))
            rng = numpy.random.RandomState(0)
            for split, count in [("train", 10), ("val", 4)]:
                names, labels, observed = [], numpy.zeros((count, 20), numpy.float32), numpy.zeros((count, 20), numpy.float32)
                for i in range(count):
                    name = f"{split}{i}.jpg"
                    pixels = rng.randint(0, 256, (rng.randint(120, 200), rng.randint(150, 260), 3)).astype(numpy.uint8)
                    Image.fromarray(pixels).save(os.path.join(root, "JPEGImages", name), quality=90)
                    names.append(name)
                    first, second = (3 * i) % 20, (3 * i + 7) % 20
                    labels[i, first] = observed[i, first] = 1
                    if i % 2 == 0: labels[i, second] = 1
                numpy.save(os.path.join(root, f"formatted_{split}_images.npy"), numpy.array(names))
                numpy.save(os.path.join(root, f"formatted_{split}_labels.npy"), labels)
                numpy.save(os.path.join(root, f"formatted_{split}_labels_obs.npy"), observed)
            """);
        return folder;
    }

    private static string Sha256(string file) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));
}
