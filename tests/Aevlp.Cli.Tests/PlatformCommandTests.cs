using System.Text.Json;
using Aevlp.ML.Data;
using Aevlp.ML.Npy;
using Aevlp.Registry.Api;
using Aevlp.Testing;
using Aspire.Hosting.Testing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Aevlp.Cli.Tests;

/// <summary>What a user does from the command line alone, against the real platform.</summary>
[Collection(CliCollection.Name)]
public sealed class PlatformCommandTests(CliPlatform platform)
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

        var train = await platform.RunAsync([.. TinyTraining(epochs: 1), "--dataset", $"fashion-mosaic@{version}", "--name", "cli-e2e", "--wait"]);
        Assert.True(train.ExitCode == ExitCodes.Ok, train.ToString());
        var runId = Guid.Parse(train.Out.Split(' ')[1]);
        // A line per change of the polled status (which changes a tiny run shows depends on timing), then the details.
        Assert.Contains("RUNNING ", train.Out);
        Assert.Contains("status    FINISHED", train.Out);

        var show = await platform.RunAsync("runs", "show", runId.ToString(), "--json");
        var run = JsonSerializer.Deserialize<RunDetails>(show.Out, JsonSerializerOptions.Web)!;
        Assert.Equal((RunStatus.Finished, $"fashion-mosaic", version), (run.Run.Status, run.Run.Dataset, run.Run.DatasetVersion));
        Assert.NotNull(run.TestMetrics);
        Assert.NotNull(run.Links.Model);
        await AssertWatchPrintsTheTestMetricsAndLinksAsync(run);
        var champion = await AssertModelsListAndShowNameTheChampionAsync("fashion-mosaic", runId);

        var image = Path.Combine(local, "images", "test", "000000.png");
        var predict = await platform.RunAsync("models", "predict", "fashion-mosaic", image, "--json");
        Assert.True(predict.ExitCode == ExitCodes.Ok, predict.ToString());
        var prediction = Assert.Single(JsonSerializer.Deserialize<List<Aevlp.Cli.Commands.Prediction>>(predict.Out, JsonSerializerOptions.Web)!);
        Assert.Equal((image, "fashion-mosaic", champion), (prediction.Image, prediction.Model, prediction.Version));
        var scores = prediction.Scores.Select(s => s.Score).ToList();
        Assert.Equal(10, scores.Count);
        Assert.Equal(scores.OrderDescending(), scores);
        Assert.All(scores, score => Assert.InRange(score, 0, 1));

        var text = await platform.RunAsync("models", "predict", "fashion-mosaic@champion", image);
        Assert.True(text.ExitCode == ExitCodes.Ok, text.ToString());
        Assert.Equal(11, text.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        // The command line is valid; the version is what does not exist.
        var missing = await platform.RunAsync("models", "predict", "fashion-mosaic@99", image);
        Assert.True(missing.ExitCode == ExitCodes.Failed, missing.ToString());
        Assert.Contains("model 'fashion-mosaic' has no version '99'; its versions: ", missing.Error);
        Assert.Contains($"{champion} (champion)", missing.Error);
        Directory.Delete(local, recursive: true);
    }

    /// <summary><c>runs watch</c> on a run that has ended, off a terminal: one status line, then the details, which end
    /// with the test metrics and the links (the tracker's page of the run answers).</summary>
    private async Task AssertWatchPrintsTheTestMetricsAndLinksAsync(RunDetails run)
    {
        var watch = await platform.RunAsync("runs", "watch", run.Run.Id.ToString());

        Assert.True(watch.ExitCode == ExitCodes.Ok, watch.ToString());
        var lines = watch.Out.TrimEnd('\n').Split('\n');
        Assert.StartsWith("FINISHED", lines[0]);
        Assert.Contains(lines, line => line.StartsWith("status    FINISHED"));
        Assert.NotNull(run.Links.ModelCard);
        Assert.NotNull(run.Links.Predictions);
        var tracker = platform.App.GetEndpoint("tracking", "http").AbsoluteUri.TrimEnd('/');
        var trackerRunUrl = $"{tracker}/runs/{run.Links.TrackingRunId}";
        string[] links =
        [
            $"tracker   {trackerRunUrl}",
            $"artifacts runs/{run.Run.Id:N}/",
            $"model     {run.Links.Model}",
            $"card      {run.Links.ModelCard}",
            $"preds     {run.Links.Predictions}",
        ];
        Assert.Equal(links, lines[^links.Length..]);
        var metrics = lines[^(links.Length + 1)];
        Assert.StartsWith("test      ", metrics);
        Assert.All(run.TestMetrics!.AsObject(), metric => Assert.Contains($"{metric.Key} ", metrics));

        using var browser = new HttpClient();
        browser.DefaultRequestHeaders.Authorization = new("Bearer", platform.ApiKey);
        Assert.Contains("cli-e2e", await browser.GetStringAsync(trackerRunUrl));
    }

    /// <returns>The champion's version, which is <paramref name="runId"/>'s.</returns>
    private async Task<int> AssertModelsListAndShowNameTheChampionAsync(string model, Guid runId)
    {
        var show = await platform.RunAsync("models", "show", model, "--json");
        Assert.True(show.ExitCode == ExitCodes.Ok, show.ToString());
        var version = JsonSerializer.Deserialize<List<ModelVersion>>(show.Out, JsonSerializerOptions.Web)!.Single(v => v.RunId == runId);
        Assert.True(version.IsChampion);
        var list = await platform.RunAsync("models", "list", "--json");
        var summary = JsonSerializer.Deserialize<List<ModelSummary>>(list.Out, JsonSerializerOptions.Web)!.Single(m => m.Name == model);
        Assert.Equal(version.Version, summary.ChampionVersion);

        var listText = await platform.RunAsync("models", "list");
        Assert.True(listText.ExitCode == ExitCodes.Ok, listText.ToString());
        Assert.Contains(Rows(listText.Out), row => row[..3].SequenceEqual([model, summary.Versions.ToString(), version.Version.ToString()]));
        var showText = await platform.RunAsync("models", "show", model);
        Assert.True(showText.ExitCode == ExitCodes.Ok, showText.ToString());
        // VERSION CHAMPION "TEST mAP" RUN CREATED: the champion's row has all its cells.
        Assert.Contains(Rows(showText.Out), row => row[0] == version.Version.ToString() && row[1] == "yes" && row[3] == runId.ToString());
        return version.Version;
    }

    [Fact]
    public async Task Importing_a_valid_spml_folder_makes_a_complete_version_that_datasets_list_shows()
    {
        var folder = Directory.CreateTempSubdirectory("aevlp-cli-spml-").FullName;
        WriteSpmlFolder(folder);
        await File.WriteAllLinesAsync(Path.Combine(folder, "classes.txt"), ["cat", "dog", "bird"]);

        var result = await platform.RunAsync("datasets", "import", "--format", "spml", "--path", folder, "--images", Path.Combine(folder, "pictures"),
            "--name", "cli-spml", "--classes", Path.Combine(folder, "classes.txt"));

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        // Six formatted_*.npy files and four images.
        Assert.Equal("imported cli-spml@1: 10 files uploaded, 0 already there\n", result.Out);
        var list = await platform.RunAsync("datasets", "list");
        Assert.Contains(Rows(list.Out), row => row.SequenceEqual(["cli-spml", "1", "yes", "3", """{"test":2,"train":2}"""]));
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task A_sweep_makes_a_child_run_per_value_and_cancelling_it_kills_them_all()
    {
        // One epoch: a child's TrainModel may already wait in the trainer's queue; the trainer that takes it after the cancel
        // is only stopped at its first progress report, so the children are kept cheap.
        var sweepId = await TrainAsync([.. TinyTraining(epochs: 1), "--sweep", "lr=0.001,0.0005", "--name", "cli-sweep"]);

        var sweep = JsonSerializer.Deserialize<RunDetails>((await platform.RunAsync("runs", "show", sweepId.ToString(), "--json")).Out, JsonSerializerOptions.Web)!;
        Assert.True(sweep.Run.IsSweep);
        Assert.Equal(2, sweep.Children.Count);

        var (cancel, watch) = await CancelUntilKilledAsync(sweepId);
        Assert.StartsWith($"run {sweepId} is ", cancel);
        Assert.Equal(2, watch.Split('\n').Count(line => line.StartsWith("child ") && line.Contains(" KILLED")));
    }

    [Fact]
    public async Task A_search_from_a_file_runs_one_trial_at_a_time_and_show_ranks_its_trials_under_the_winner()
    {
        using var folder = new TestFolder();
        var file = Path.Combine(folder.Path, "search.json");
        await File.WriteAllTextAsync(file, """{"method": "grid", "maxConcurrent": 1, "space": {"lr": {"choice": [0.001, 0.0005]}}}""");

        // A dataset of its own: its trials' models must not compete with the other tests' fashion-mosaic champion.
        var synth = await platform.RunAsync("datasets", "synth", "fashion-mosaic", "--name", "cli-search", "--train", "48", "--test", "16", "--seed", "7");
        Assert.True(synth.ExitCode == ExitCodes.Ok, synth.ToString());

        var searchId = await TrainAsync([.. TinyTraining(epochs: 1), "--dataset", "cli-search", "--search", file, "--name", "cli-search"]);
        var ended = await platform.Registry.WaitForRunAsync(searchId, run => run.Run.Status.IsTerminal() && run.Search?.BestTrialId is not null,
            TimeSpan.FromMinutes(5));

        Assert.Equal(RunStatus.Finished, ended.Run.Status);
        var trials = await Task.WhenAll(ended.Children.OrderBy(child => child.CreatedAt).Select(child => platform.Registry.GetRunAsync(child.Id)));
        Assert.True(trials[1].Stages[0].StartedAt >= trials[0].Run.FinishedAt, "maxConcurrent 1: the second trial started before the first ended");
        var show = await platform.RunAsync("runs", "show", searchId.ToString());
        Assert.True(show.ExitCode == ExitCodes.Ok, show.ToString());
        var rows = Rows(show.Out).SkipWhile(row => row[0] != "RANK").ToList();
        Assert.Equal(["RANK", "TRIAL", "STATUS", "VAL_MAP", "EPOCHS", "LR", "NOTE"], rows[0]);
        Assert.Equal(["1", ended.Search!.BestTrialId!.Value.ToString(), "FINISHED"], rows[1][..3]);
        Assert.Equal("best", rows[1][^1]);
        Assert.Equal(["2", "FINISHED", "1"], [rows[2][0], rows[2][2], rows[2][4]]);
        Assert.Contains($"best      {ended.Search.BestTrialId}  val_map ", show.Out);
    }

    [Fact]
    public async Task Cancelling_a_run_the_trainer_holds_stops_it_and_watch_exits_1()
    {
        var runId = await TrainAsync([.. TinyTraining(epochs: 500), "--name", "cli-cancel"]);
        // Held: the cancel must reach the trainer, not only the registry.
        await platform.Registry.WaitForRunAsync(runId, run => run.Worker is not null, TimeSpan.FromMinutes(2));

        var (cancel, _) = await CancelUntilKilledAsync(runId);

        Assert.Equal($"run {runId} is CANCELLING\n", cancel);
    }

    /// <returns>The run's id, from the first line <c>train</c> prints (<c>run ID accepted</c>).</returns>
    private async Task<Guid> TrainAsync(string[] args)
    {
        var train = await platform.RunAsync(args);
        Assert.True(train.ExitCode == ExitCodes.Ok, train.ToString());
        return Guid.Parse(train.Out.Split(' ')[1]);
    }

    /// <summary><c>runs cancel</c> (exit 0), then <c>runs watch</c> until the run has ended KILLED (exit 1).</summary>
    /// <returns>What each printed.</returns>
    private async Task<(string Cancel, string Watch)> CancelUntilKilledAsync(Guid runId)
    {
        var cancel = await platform.RunAsync("runs", "cancel", runId.ToString());
        Assert.True(cancel.ExitCode == ExitCodes.Ok, cancel.ToString());
        var watch = await platform.RunAsync("runs", "watch", runId.ToString()).WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(watch.ExitCode == ExitCodes.Failed, watch.ToString());
        Assert.Contains("status    KILLED", watch.Out);
        return (cancel.Out, watch.Out);
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

    /// <summary><c>train</c> on the demo's config made as small as a run gets: a small CNN from random weights on 64-pixel images, no pseudo-labels.</summary>
    private static string[] TinyTraining(int epochs) =>
    [
        "train", "--config", RepositoryFile("configs/fashion-mosaic.json"), "--set", "arch=small-cnn", "--set", "use_pretrained=false", "--set", "image_size=64",
        "--set", $"num_epochs={epochs}", "--set", "bsize=16", "--set", "use_pl=false", "--set", "loss=an",
    ];

    /// <summary>The rows of a plain-text table (header included), each split into its cells.</summary>
    private static List<string[]> Rows(string table) =>
        [.. table.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))];

    /// <summary>A valid SPML folder of three classes: two train and two val images under <c>pictures/</c> (the images root),
    /// every image with a positive and every train image with an observed positive.</summary>
    private static void WriteSpmlFolder(string folder)
    {
        string[] train = ["train/a.png", "train/b.png"], val = ["val/c.png", "val/d.png"];
        foreach (var (path, shade) in train.Concat(val).Select((path, i) => (path, (byte)(60 * i))))
        {
            var file = Path.Combine(folder, "pictures", path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            using var image = new Image<Rgb24>(8, 8, new Rgb24(shade, shade, shade));
            image.SaveAsPng(file);
        }
        float[] labels = [1, 1, 0, 0, 0, 1], observed = [1, 0, 0, 0, 0, 1];
        foreach (var (split, paths) in new[] { ("train", train), ("val", val) })
        {
            NpyFile.Write(Path.Combine(folder, SpmlFiles.Images(split)), NpyArray.OfStrings(paths));
            NpyFile.Write(Path.Combine(folder, SpmlFiles.Labels(split)), NpyArray.Of(labels, 2, 3));
            NpyFile.Write(Path.Combine(folder, SpmlFiles.ObservedLabels(split)), NpyArray.Of(observed, 2, 3));
        }
    }

    public static string RepositoryFile(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir.FullName, "AEVLP.sln"))) dir = dir.Parent!;
        return Path.Combine(dir.FullName, relative);
    }
}
