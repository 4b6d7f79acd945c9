using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Aevlp.Contracts;
using Aevlp.Registry.Api;

namespace Aevlp.Benchmarks.Search;

/// <summary>What ASHA saves, against a running platform (AEVLP_REGISTRY, AEVLP_API_KEY): one seeded random search over lr
/// run twice on the demo dataset, once with every trial trained in full and once with ASHA (grace 1 epoch, η 3), one trial
/// at a time. The seed draws the same trials in the same order both times, so the full search is the exhaustive grid over
/// exactly the points ASHA sees. Then the full search's winner is trained again with two more seeds, for the seed noise.
/// Prints the epochs each search trained and its best val mAP. AEVLP_BENCH_EPOCHS sets the epochs per trial (9),
/// AEVLP_BENCH_TRIALS the trials (27), AEVLP_BENCH_ARCH the backbone (small-cnn from random weights, or resnet18-dnn from
/// its ImageNet weights). Method and results: docs/benchmarks.md, "Search: what ASHA saves".</summary>
public sealed class SearchSavingsBenchmark : IBenchmark
{
    private static readonly TimeSpan Patience = TimeSpan.FromHours(3);

    public string Name => "search-savings";

    public string Description => "epochs trained and best val mAP: a seeded random lr search in full against the same trials with ASHA";

    public async Task RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        var epochs = int.Parse(Environment.GetEnvironmentVariable("AEVLP_BENCH_EPOCHS") ?? "9", CultureInfo.InvariantCulture);
        var trials = int.Parse(Environment.GetEnvironmentVariable("AEVLP_BENCH_TRIALS") ?? "27", CultureInfo.InvariantCulture);
        var backbone = Backbone.Named(Environment.GetEnvironmentVariable("AEVLP_BENCH_ARCH") ?? "small-cnn");
        using var registry = new HttpClient { BaseAddress = new Uri(Environment.GetEnvironmentVariable("AEVLP_REGISTRY") ?? "http://localhost:5100") };
        registry.DefaultRequestHeaders.Authorization = new("Bearer", Environment.GetEnvironmentVariable("AEVLP_API_KEY"));

        await DemoDatasetAsync(registry, cancellationToken);
        var full = await SearchAsync(registry, "full", backbone, epochs, trials, new { type = "none" }, cancellationToken);
        var asha = await SearchAsync(registry, "asha", backbone, epochs, trials, new { type = "asha", gracePeriod = 1, reductionFactor = 3 }, cancellationToken);
        var winner = full.Search!.Trials[0];
        var seeds = new List<double> { winner.Metric!.Value };
        foreach (var seed in new[] { 1201, 1202 })
        {
            var run = await RunAsync(registry, Request($"noise-{seed}", Config(backbone, epochs, winner.Values["lr"]!.GetValue<double>(), seed), search: null), cancellationToken);
            seeds.Add(Best(run));
        }

        Report("full", full, epochs);
        Report("asha", asha, epochs);
        var mean = seeds.Average();
        var std = Math.Sqrt(seeds.Sum(value => (value - mean) * (value - mean)) / (seeds.Count - 1));
        Console.WriteLine($"seed noise of the full search's winner (lr {winner.Values["lr"]}): val mAP {string.Join(", ", seeds.Select(v => v.ToString("F2", CultureInfo.InvariantCulture)))}; " +
            $"mean {mean:F2}, std {std:F2}");
        var gap = full.Search.BestMetric!.Value - asha.Search!.BestMetric!.Value;
        var share = (double)Epochs(asha) / Epochs(full);
        Console.WriteLine($"ASHA: best val mAP {gap:F2} below the full search's ({(Math.Abs(gap) <= 2 * std ? "within" : "outside")} 2 std of seed noise) " +
            $"at {share:P0} of the full search's epochs (target: within noise at ≤ 40 %)");
    }

    /// <summary>Waits for the pseudo-labeler to seed the demo dataset, which it does on the platform's first start.</summary>
    private static async Task DemoDatasetAsync(HttpClient registry, CancellationToken ct)
    {
        for (var wait = TimeSpan.Zero; wait < TimeSpan.FromMinutes(10); wait += TimeSpan.FromSeconds(5))
        {
            var datasets = await registry.GetFromJsonAsync<List<DatasetSummary>>("/api/datasets", JsonSerializerOptions.Web, ct);
            if (datasets!.Any(d => d.Name == "fashion-mosaic" && d.Versions.Any(v => v.Complete))) return;
            await Task.Delay(TimeSpan.FromSeconds(5), ct);
        }
        throw new TimeoutException("the demo dataset fashion-mosaic was not seeded within 10 min");
    }

    private static int Epochs(RunDetails search) => search.Search!.Trials.Sum(trial => trial.Epochs);

    private static double Best(RunDetails run) =>
        run.Events.Where(e => e.Kind == "EpochEnded").Max(e => e.Detail!["valMap"]!.GetValue<double>());

    private static void Report(string name, RunDetails search, int epochs)
    {
        var results = search.Search!;
        Console.WriteLine($"{name}: {search.Run.Status.Text()}, {Epochs(search)} epochs trained of {results.Trials.Count * epochs}, " +
            $"best val mAP {results.BestMetric:F2} (lr {results.Trials.FirstOrDefault(t => t.Id == results.BestTrialId)?.Values["lr"]}), " +
            $"{(search.Run.FinishedAt - search.Run.CreatedAt)?.TotalMinutes:F1} min");
        foreach (var trial in results.Trials)
        {
            Console.WriteLine($"  lr {trial.Values["lr"],-8} {trial.Status.Text(),-9} epochs {trial.Epochs,2}  val mAP {trial.Metric:F2}" +
                (trial.Pruned?["reason"] is { } reason ? $"  ({reason})" : ""));
        }
    }

    private static async Task<RunDetails> SearchAsync(HttpClient registry, string name, Backbone backbone, int epochs, int trials, object earlyStopping, CancellationToken ct)
    {
        var search = new
        {
            method = "random", trials, maxConcurrent = 1, seed = 17, earlyStopping,
            space = new { lr = new { logUniform = backbone.LrRange } },
        };
        return await RunAsync(registry, Request(name, Config(backbone, epochs, lr: null, seed: null), search), ct);
    }

    // The demo dataset at the CLI tests' cheapest settings: 64-pixel images, no teacher.
    private static Dictionary<string, object> Config(Backbone backbone, int epochs, double? lr, int? seed)
    {
        var config = new Dictionary<string, object>
        {
            ["arch"] = backbone.Arch, ["use_pretrained"] = backbone.Pretrained, ["image_size"] = 64, ["num_epochs"] = epochs,
            ["bsize"] = 16, ["use_pl"] = false, ["loss"] = "an",
        };
        if (lr is { } rate) config["lr"] = rate;
        if (seed is { } value) config["seed"] = value;
        return config;
    }

    private static object Request(string name, object config, object? search) =>
        search is null
            ? new { dataset = "fashion-mosaic", runName = $"search-savings-{name}", config }
            : new { dataset = "fashion-mosaic", runName = $"search-savings-{name}", config, search };

    private static async Task<RunDetails> RunAsync(HttpClient registry, object request, CancellationToken ct)
    {
        using var response = await registry.PostAsJsonAsync("/api/runs", request, JsonSerializerOptions.Web, ct);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"the registry refused the run: {await response.Content.ReadAsStringAsync(ct)}");
        var id = (await response.Content.ReadFromJsonAsync<RunCreated>(JsonSerializerOptions.Web, ct))!.RunId;
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            var run = (await registry.GetFromJsonAsync<RunDetails>($"/api/runs/{id}", JsonSerializerOptions.Web, ct))!;
            // A search names its winner just after it ends; one whose trials all failed names none.
            if (run.Run.Status.IsTerminal() && (run.Search?.BestTrialId is not null || run.Search is null || run.Run.FinishedAt < DateTime.UtcNow.AddSeconds(-30))) return run;
            await Task.Delay(TimeSpan.FromSeconds(5), ct);
        }
        throw new TimeoutException($"run {id} did not end within {Patience}");
    }

    /// <summary>What the trials train, and the lr range searched for it: a small CNN learns from random weights at
    /// larger rates; a pretrained ResNet-18 is fine-tuned over quality table v2's range, which its tuned rows chose from.</summary>
    private sealed record Backbone(string Arch, bool Pretrained, double[] LrRange)
    {
        public static Backbone Named(string arch) => arch switch
        {
            "small-cnn" => new(arch, false, [1e-4, 5e-2]),
            "resnet18-dnn" => new(arch, true, [1e-5, 3e-3]),
            _ => throw new ArgumentException($"AEVLP_BENCH_ARCH '{arch}': expected small-cnn or resnet18-dnn"),
        };
    }
}
