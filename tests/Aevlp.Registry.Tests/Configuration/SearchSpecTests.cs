using System.Text.Json.Nodes;
using Aevlp.Configuration;
using Aevlp.Configuration.Search;

namespace Aevlp.Registry.Tests.Configuration;

public sealed class SearchSpecTests
{
    private static JsonObject Random(int seed) => new()
    {
        ["method"] = "random", ["trials"] = 6, ["seed"] = seed,
        ["space"] = new JsonObject
        {
            ["lr"] = new JsonObject { ["logUniform"] = new JsonArray(1e-5, 1e-3) },
            ["bsize"] = new JsonObject { ["choice"] = new JsonArray(8, 16) },
            ["rho"] = new JsonObject { ["uniform"] = new JsonArray(0.5, 1) },
        },
    };

    private static SearchSpec Read(JsonObject search)
    {
        List<ConfigProblem> problems = [];
        var spec = SearchSpecReader.Read(search, problems);
        Assert.Empty(problems);
        return spec!;
    }

    [Fact]
    public void A_random_search_draws_the_same_trials_from_the_same_seed_each_within_its_range()
    {
        var trials = SearchTrials.Points(Read(Random(seed: 7)));

        Assert.Equal(6, trials.Count);
        Assert.Equal(trials.Select(t => t.ToJsonString()), SearchTrials.Points(Read(Random(seed: 7))).Select(t => t.ToJsonString()));
        Assert.NotEqual(trials.Select(t => t.ToJsonString()), SearchTrials.Points(Read(Random(seed: 8))).Select(t => t.ToJsonString()));
        Assert.All(trials, trial =>
        {
            Assert.InRange(trial["lr"]!.GetValue<double>(), 1e-5, 1e-3);
            Assert.Contains(trial["bsize"]!.GetValue<int>(), new[] { 8, 16 });
            Assert.InRange(trial["rho"]!.GetValue<double>(), 0.5, 1);
        });
        // Log-uniform: a draw as likely below 1e-4 as above it, so six draws are not all in the top decade.
        Assert.Contains(trials, trial => trial["lr"]!.GetValue<double>() < 1e-4);
    }

    [Fact]
    public void A_grid_search_visits_every_combination_as_a_sweep_does_and_fills_in_every_default()
    {
        var search = Read(new JsonObject
        {
            ["method"] = "grid",
            ["space"] = new JsonObject { ["lr"] = new JsonObject { ["choice"] = new JsonArray(0.1, 0.01) }, ["bsize"] = new JsonObject { ["choice"] = new JsonArray(8, 16) } },
        });

        Assert.Equal(["{\"bsize\":8,\"lr\":0.1}", "{\"bsize\":8,\"lr\":0.01}", "{\"bsize\":16,\"lr\":0.1}", "{\"bsize\":16,\"lr\":0.01}"],
            SearchTrials.Points(search).Select(point => point.ToJsonString()));
        Assert.Equal((4, 4, SearchMetric.ValMap, SearchMode.Max, EarlyStoppingRule.None),
            (search.Trials, search.MaxConcurrent, search.Metric, search.Mode, search.EarlyStopping.Rule));
        Assert.Equal(search.ToJson().ToJsonString(), SearchSpec.FromJson(search.ToJson()).ToJson().ToJsonString());
    }

    [Fact]
    public void A_stored_search_still_reads_after_the_schema_dropped_one_of_its_keys()
    {
        var stored = JsonNode.Parse("""{"method": "grid", "space": {"retired_key": {"choice": [1, 2]}}}""")!.AsObject();

        Assert.Equal(2, SearchSpec.FromJson(stored).Trials);
        Assert.Null(SearchSpecReader.Read(stored, []));
    }

    [Fact]
    public void Minimising_train_loss_is_the_default_mode_for_that_metric()
    {
        var search = Read(new JsonObject { ["trials"] = 2, ["metric"] = "train_loss", ["space"] = Random(1)["space"]!.DeepClone() });

        Assert.Equal((SearchMethod.Random, SearchMode.Min), (search.Method, search.Mode));
        Assert.True(search.IsBetter(0.1, 0.2));
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public void Every_problem_of_a_search_is_listed_with_its_field()
    {
        var search = JsonNode.Parse("""
            {"method": "random", "maxConcurent": 2, "maxConcurrent": 0, "metric": "accuracy",
             "space": {"lr": {"logUniform": [0, 1e-3]}, "rho": {"uniform": [1, 0.5]}, "learning_rate": {"choice": [1]},
                       "bsize": {"choice": []}, "loss": {"choice": ["gpr", "magic"]}, "seed": {"normal": [0, 1]}},
             "earlyStopping": {"type": "median", "reductionFactor": 3, "grace": 1}}
            """)!.AsObject();
        List<ConfigProblem> problems = [];

        Assert.Null(SearchSpecReader.Read(search, problems));

        Assert.Equal(
        [
            "search.earlyStopping.grace",
            "search.earlyStopping.reductionFactor",
            "search.maxConcurent",
            "search.maxConcurrent",
            "search.metric",
            "search.space.bsize.choice",
            "search.space.learning_rate",
            "search.space.loss",
            "search.space.lr.logUniform",
            "search.space.rho.uniform",
            "search.space.seed",
            "search.trials",
        ], problems.Select(problem => problem.Field).Order(StringComparer.Ordinal));
        Assert.Contains(problems, p => p.ToString() == "search.maxConcurent: unknown; expected one of method, trials, maxConcurrent, metric, mode, seed, space, earlyStopping (did you mean 'maxConcurrent'?)");
        Assert.Contains(problems, p => p.ToString() == "search.space.rho.uniform: got [1, 0.5]: an empty range; expected low < high");
        Assert.Contains(problems, p => p.ToString().StartsWith("search.space.loss: \"magic\" (a string) is refused by loss: expected one of", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.ToString() == "search.space.learning_rate: not a config key that can be searched");
        Assert.Contains(problems, p => p.ToString() == "search.earlyStopping.reductionFactor: applies to asha only; type is median");
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public void A_grid_cannot_enumerate_a_range_nor_take_a_trial_count_of_its_own()
    {
        List<ConfigProblem> ranged = [], counted = [];

        SearchSpecReader.Read(JsonNode.Parse("""{"method": "grid", "space": {"lr": {"uniform": [0.1, 0.2]}, "bsize": {"choice": [8, 16]}}}""")!.AsObject(), ranged);
        SearchSpecReader.Read(JsonNode.Parse("""{"method": "grid", "trials": 3, "space": {"bsize": {"choice": [8, 16]}}}""")!.AsObject(), counted);

        Assert.Equal(["search.method: grid needs a choice list for every key; lr is a range: use random"], ranged.Select(p => p.ToString()));
        Assert.Equal(["search.trials: got 3 (a number); a grid tries every combination (2): leave trials out"], counted.Select(p => p.ToString()));
    }
}
