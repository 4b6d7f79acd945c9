using Aevlp.Configuration.Search;
using Aevlp.Registry.Search;

namespace Aevlp.Registry.Tests.Search;

public sealed class EarlyStoppingRulesTests
{
    private static SearchSpec Search(EarlyStoppingRule rule, SearchMode mode = SearchMode.Max, int grace = 1, int factor = 3) =>
        new(SearchMethod.Random, 9, 9, mode == SearchMode.Max ? SearchMetric.ValMap : SearchMetric.TrainLoss, mode, 0,
            new Dictionary<string, ParameterRange>(), new EarlyStopping(rule, grace, factor));

    private static TrialHistory Trial(params double[] perEpoch) =>
        new(Guid.NewGuid(), perEpoch.Select((value, i) => (Epoch: i + 1, value)).ToDictionary(e => e.Epoch, e => e.value));

    [Theory]
    [InlineData(1, 0)]
    [InlineData(3, 1)]
    [InlineData(9, 2)]
    [InlineData(2, null)]
    [InlineData(4, null)]
    public void Asha_rungs_are_the_grace_period_times_powers_of_the_reduction_factor(int epoch, int? rung) =>
        Assert.Equal(rung, EarlyStoppingRules.RungOf(epoch, new EarlyStopping(EarlyStoppingRule.Asha, 1, 3)));

    [Fact]
    public void Asha_keeps_the_top_third_at_a_rung_and_the_first_trial_there_always_goes_on()
    {
        var search = Search(EarlyStoppingRule.Asha);
        TrialHistory first = Trial(50), second = Trial(60), third = Trial(40);

        Assert.Null(EarlyStoppingRules.Decide(search, first, 1, 9, [first]));
        Assert.Null(EarlyStoppingRules.Decide(search, second, 1, 9, [first, second]));
        var pruned = EarlyStoppingRules.Decide(search, third, 1, 9, [first, second, third]);

        Assert.NotNull(pruned);
        Assert.Equal((0, 1, 40.0, 60.0, 3), (pruned.Rung, pruned.Epoch, pruned.Value, pruned.Cutoff, pruned.Trials));
        Assert.Equal("rung 0 (epoch 1): val_map 40 is not in the top 1 of the 3 trials at this rung (cutoff 60)", pruned.Reason);
    }

    [Fact]
    public void Asha_decides_only_at_rungs_before_the_last_epoch_and_after_the_grace_period()
    {
        var search = Search(EarlyStoppingRule.Asha, grace: 3);
        var leader = Trial(90, 90, 90, 90, 90, 90, 90, 90, 90);
        var poor = Trial(10, 10, 10, 10, 10, 10, 10, 10, 10);

        Assert.Null(EarlyStoppingRules.Decide(search, poor, 1, 9, [leader, poor]));
        Assert.Null(EarlyStoppingRules.Decide(search, poor, 4, 9, [leader, poor]));
        Assert.Null(EarlyStoppingRules.Decide(search, poor, 9, 9, [leader, poor]));
        Assert.Equal(0, EarlyStoppingRules.Decide(search, poor, 3, 9, [leader, poor])?.Rung);
    }

    [Fact]
    public void Minimising_a_loss_stops_the_trial_with_the_highest()
    {
        var search = Search(EarlyStoppingRule.Asha, SearchMode.Min, factor: 2);
        TrialHistory low = Trial(0.2), high = Trial(0.9);

        Assert.NotNull(EarlyStoppingRules.Decide(search, high, 1, 5, [low, high]));
        Assert.Null(EarlyStoppingRules.Decide(search, low, 1, 5, [low, high]));
    }

    [Fact]
    public void The_median_rule_stops_a_trial_whose_best_is_below_the_median_of_the_others_running_means()
    {
        var search = Search(EarlyStoppingRule.Median);
        TrialHistory a = Trial(50, 70), b = Trial(40, 60), c = Trial(30, 40);

        // Running means at epoch 2: a 60, b 50 → median 55.
        Assert.Null(EarlyStoppingRules.Decide(search, c, 2, 5, [a, c]));
        var pruned = EarlyStoppingRules.Decide(search, c, 2, 5, [a, b, c]);
        Assert.Equal((null, 40.0, 55.0), (pruned?.Rung, pruned?.Value, pruned?.Cutoff));
        Assert.Null(EarlyStoppingRules.Decide(search, Trial(10, 56), 2, 5, [a, b]));
    }
}
