using Aevlp.ML.Losses;

namespace Aevlp.ML.Tests.Losses;

public class GprScheduleTests
{
    private static readonly GprSchedule Schedule = GprSchedule.FromConfig([0, 2, -2, -4], [0.5, 2, 0.9, 0.5]);

    [Fact]
    public void K_lags_V_by_one_epoch()
    {
        var first = Schedule.At(epoch: 1, numEpochs: 4, linearInit: 0);
        Assert.Equal(new GprWeights(W: 0, B: -2, Mu: 0.6, Sigma: 1.625), first);
    }

    [Fact]
    public void Wrong_config_length_is_rejected_naming_the_key()
    {
        var error = Assert.Throws<ArgumentException>(() => GprSchedule.FromConfig([0, 1, 2], [0, 1, 2, 3]));
        Assert.Equal("beta", error.ParamName);
        Assert.Contains("got 3", error.Message);
    }

    [Fact]
    public void Linear_init_must_leave_epochs_to_schedule()
    {
        var error = Assert.Throws<ArgumentException>(() => Schedule.At(1, numEpochs: 2, linearInit: 2));
        Assert.Equal("numEpochs", error.ParamName);
    }
}
