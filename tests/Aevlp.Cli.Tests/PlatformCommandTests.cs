using System.Text.Json;
using Aevlp.ML.Data;
using Aevlp.ML.Npy;
using Aevlp.Registry.Api;

namespace Aevlp.Cli.Tests;

/// <summary>What a user does from the command line alone, against the real platform.</summary>
public sealed class PlatformCommandTests(CliPlatform platform) : IClassFixture<CliPlatform>
{
    private static readonly FashionMosaicOptions Tiny = new(Seed: 7, TrainCount: 48, TestCount: 16);

    [Fact]
    public async Task Synth_then_train_wait_then_show_then_predict_with_the_champion()
    {
        // An earlier import of the same data was interrupted after one file: the next import resumes that version.
        var local = Directory.CreateTempSubdirectory("aevlp-cli-mosaic-").FullName;
        var generated = FashionMosaicGenerator.Generate(Tiny, local);
        var version = await NextVersionAsync("fashion-mosaic");
        await UploadOneFileAsync("fashion-mosaic", version, local, generated.Sha256.Keys.First());

        var synth = await platform.RunAsync("datasets", "synth", "fashion-mosaic", "--train", "48", "--test", "16", "--seed", "7");
        Assert.True(synth.ExitCode == ExitCodes.Ok, synth.ToString());
        Assert.Equal($"imported fashion-mosaic@{version}: {generated.Sha256.Count - 1} files uploaded, 1 already there\n", synth.Out);

        var train = await platform.RunAsync("train", "--config", RepositoryFile("configs/fashion-mosaic.json"), "--dataset", $"fashion-mosaic@{version}",
            "--set", "arch=small-cnn", "--set", "image_size=64", "--set", "num_epochs=1", "--set", "bsize=16",
            "--set", "use_pl=false", "--set", "loss=an", "--name", "cli-e2e", "--wait");
        Assert.True(train.ExitCode == ExitCodes.Ok, train.ToString());
        var runId = Guid.Parse(train.Out.Split(' ')[1]);
        // A line per change of the polled status (which changes a tiny run shows depends on timing), then the details.
        Assert.Contains("RUNNING ", train.Out);
        Assert.Contains("status    FINISHED", train.Out);

        var show = await platform.RunAsync("runs", "show", runId.ToString(), "--json");
        var run = JsonSerializer.Deserialize<RunDetails>(show.Out, JsonSerializerOptions.Web)!;
        Assert.Equal(("FINISHED", $"fashion-mosaic", version), (run.Run.Status, run.Run.Dataset, run.Run.DatasetVersion));
        Assert.NotNull(run.TestMetrics);
        Assert.NotNull(run.Links.Model);

        var image = Path.Combine(local, "images", "test", "000000.png");
        var predict = await platform.RunAsync("models", "predict", "fashion-mosaic", image, "--json");
        Assert.True(predict.ExitCode == ExitCodes.Ok, predict.ToString());
        var scores = JsonDocument.Parse(predict.Out).RootElement[0].GetProperty("scores").EnumerateArray().Select(s => s.GetProperty("score").GetDouble()).ToList();
        Assert.Equal(10, scores.Count);
        Assert.Equal(scores.OrderDescending(), scores);
        Assert.All(scores, score => Assert.InRange(score, 0, 1));

        var text = await platform.RunAsync("models", "predict", "fashion-mosaic@champion", image);
        Assert.True(text.ExitCode == ExitCodes.Ok, text.ToString());
        Assert.Equal(11, text.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Directory.Delete(local, recursive: true);
    }

    [Fact]
    public async Task Importing_an_invalid_spml_folder_lists_every_problem_and_uploads_nothing()
    {
        var folder = Directory.CreateTempSubdirectory("aevlp-cli-bad-spml-").FullName;
        NpyFile.Write(Path.Combine(folder, SpmlFiles.Images("train")), NpyArray.OfStrings(["a.png", "b.png"]));
        NpyFile.Write(Path.Combine(folder, SpmlFiles.Labels("train")), NpyArray.Of(new float[] { 1, 0, 0, 0 }, 2, 2));
        NpyFile.Write(Path.Combine(folder, SpmlFiles.ObservedLabels("train")), NpyArray.Of(new float[] { 1, 0, 0, 0 }, 2, 2));

        var result = await platform.RunAsync("datasets", "import", "--format", "spml", "--path", folder, "--images", folder, "--name", "broken");

        Assert.True(result.ExitCode == ExitCodes.Failed, result.ToString());
        Assert.Contains("nothing was uploaded", result.Error);
        Assert.Contains("row 1: no positive label", result.Error);
        Assert.Contains("row 1: no observed positive", result.Error);
        Assert.Contains("image 'a.png' not found", result.Error);
        Assert.Contains($"{SpmlFiles.Labels("val")}: file not found", result.Error);
        var list = await platform.RunAsync("datasets", "list", "--json");
        Assert.DoesNotContain(JsonSerializer.Deserialize<List<DatasetSummary>>(list.Out, JsonSerializerOptions.Web)!, d => d.Name == "broken");
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task A_wrong_api_key_fails_with_the_registry_s_reason()
    {
        var result = await CliResult.RunAsync(["runs", "list", "--registry", platform.RegistryUrl, "--api-key", "not-the-key"]);

        Assert.True(result.ExitCode == ExitCodes.Failed, result.ToString());
        Assert.Contains("401", result.Error);
        Assert.Contains("Wrong API key", result.Error);
    }

    [Fact]
    public async Task Runs_list_is_plain_aligned_text_off_a_terminal()
    {
        var result = await platform.RunAsync("runs", "list");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Equal(["ID", "NAME", "DATASET", "STATUS", "STAGE", "CREATED"], result.Out.Split('\n')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain('\u001b', result.Out);
    }

    [Fact]
    public async Task The_registry_refuses_bad_names_paths_hashes_and_a_manifest_that_lists_what_is_not_stored()
    {
        var http = platform.Http;
        var bytes = "abc"u8.ToArray();
        var sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        async Task<string> PutAsync(string path, string hash)
        {
            using var content = new ByteArrayContent(bytes);
            content.Headers.Add(Aevlp.Contracts.DatasetNames.Sha256Header, hash);
            var response = await http.PutAsync(path, content);
            return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
        }

        Assert.StartsWith("400", await PutAsync("/api/datasets/Bad/1/files/a.npy", sha256));
        Assert.Contains("may hold only", await PutAsync("/api/datasets/ok/1/files/images/a%20b.png", sha256));
        Assert.Contains("does not hash to", await PutAsync("/api/datasets/ok/1/files/a.npy", new string('0', 64)));
        Assert.StartsWith("204", await PutAsync("/api/datasets/ok/1/files/a.npy", sha256));

        using var manifest = new StringContent($$$"""{"name":"ok","classes":["x"],"sha256":{"a.npy":"{{{sha256}}}","b.npy":"{{{sha256}}}"}}""",
            System.Text.Encoding.UTF8, "application/json");
        var refused = await http.PutAsync("/api/datasets/ok/1/manifest", manifest);
        Assert.Contains("b.npy: listed but not uploaded", await refused.Content.ReadAsStringAsync());
        var list = await platform.RunAsync("datasets", "list", "--json");
        var ok = JsonSerializer.Deserialize<List<DatasetSummary>>(list.Out, JsonSerializerOptions.Web)!.Single(d => d.Name == "ok");
        Assert.False(Assert.Single(ok.Versions).Complete);
    }

    private async Task<string> NextVersionAsync(string name)
    {
        var list = await platform.RunAsync("datasets", "list", "--json");
        var versions = JsonSerializer.Deserialize<List<DatasetSummary>>(list.Out, JsonSerializerOptions.Web)!.Single(d => d.Name == name).Versions;
        return (versions.Max(v => int.Parse(v.Version)) + 1).ToString();
    }

    private async Task UploadOneFileAsync(string name, string version, string folder, string path)
    {
        var http = platform.Http;
        using var content = new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(folder, path)));
        content.Headers.Add(Aevlp.Contracts.DatasetNames.Sha256Header, DatasetManifest.HashFile(Path.Combine(folder, path)));
        (await http.PutAsync($"/api/datasets/{name}/{version}/files/{path}", content)).EnsureSuccessStatusCode();
    }

    private static string RepositoryFile(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir.FullName, "AEVLP.sln"))) dir = dir.Parent!;
        return Path.Combine(dir.FullName, relative);
    }
}
