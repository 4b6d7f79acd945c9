using Aevlp.ML.Losses;

namespace Aevlp.ML.Tests.Losses;

public class LargeLossModificationTests
{
    [Theory]
    [InlineData(1, 0.2, 1.0)]
    [InlineData(2, 0.2, 0.998)]
    [InlineData(11, 0.2, 0.98)]
    [InlineData(3, 60, 0.0)]
    public void Clean_rate_starts_at_one_and_drops_by_delta_rel_percent_per_epoch(int epoch, double deltaRel, double expected)
    {
        Assert.Equal(expected, LargeLossModification.CleanRate(epoch, deltaRel), 12);
    }

    [Fact]
    public void Large_loss_count_rounds_up()
    {
        Assert.Equal(0, LargeLossModification.LargeLossCount(21 * 4, 1.0));
        Assert.Equal(5, LargeLossModification.LargeLossCount(21, 0.8));
    }
}
