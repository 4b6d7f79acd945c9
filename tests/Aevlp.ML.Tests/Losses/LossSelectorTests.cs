using Aevlp.Configuration;
using Aevlp.ML.Losses;
using static TorchSharp.torch;

namespace Aevlp.ML.Tests.Losses;

[Collection(LibTorchGlobalState.Name)]
public class LossSelectorTests
{
    private static readonly LossOptions Options = new(ExpectedPositives: 1.5, LabelSmoothing: 0.1)
    {
        GprWeights = new GprWeights(W: 0.5, B: -2, Mu: 0.6, Sigma: 1.4),
        Gpr = new GprSettings(Q2: 0.01, Q3: 1, Rho: 0.9, Lam1: 0.7, Lam2: 0.4, Reg: 0.05, UsePseudoLabels: true),
    };

    [Fact]
    public void Gpr_and_its_released_config_name_are_the_same_loss()
    {
        Assert.Equal(Loss.Gpr, ConfigNames.Losses.Parse("gpr"));
        Assert.Equal(Loss.Gpr, ConfigNames.Losses.Parse("gpr_loss"));
        Assert.Equal("gpr", ConfigNames.Losses.Of(Loss.Gpr));
    }

    [Fact]
    public void Every_config_loss_has_an_implementation()
    {
        using var scope = NewDisposeScope();
        var batch = new LossBatch(randn(4, 6), eye(4, 6))
        {
            Pseudo = zeros(4, 6), Truth = eye(4, 6), LabelEstimates = zeros(4, 6),
        };

        foreach (var loss in Enum.GetValues<Loss>())
            Assert.True(LossSelector.Compute(loss, batch, Options with { CleanRate = 0.9 }).isfinite().item<bool>(), loss.ToString());
    }

    [Fact]
    public void Mismatched_observed_shape_names_both_shapes()
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<ArgumentException>(
            () => LossSelector.Compute(Loss.An, new LossBatch(zeros(2, 3), zeros(3, 2)), Options));
        Assert.Equal("observed", error.ParamName);
        Assert.Contains("expected shape [2, 3], got [3, 2]", error.Message);
    }

    [Fact]
    public void Logits_that_are_not_a_matrix_are_rejected()
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<ArgumentException>(
            () => LossSelector.Compute(Loss.An, new LossBatch(zeros(6), zeros(6)), Options));
        Assert.Equal("logits", error.ParamName);
        Assert.Contains("[6]", error.Message);
    }

    [Fact]
    public void Loss_needing_pseudo_labels_says_so()
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<ArgumentException>(
            () => LossSelector.Compute(Loss.AnPl, new LossBatch(zeros(2, 3), zeros(2, 3)), Options));
        Assert.Equal("Pseudo", error.ParamName);
    }

    [Fact]
    public void Gpr_without_weights_says_which_option_is_missing()
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<ArgumentException>(() => LossSelector.Compute(Loss.Gpr,
            new LossBatch(zeros(2, 3), zeros(2, 3)) { Pseudo = zeros(2, 3) }, Options with { GprWeights = null }));
        Assert.Equal("GprWeights", error.ParamName);
    }

    [Theory]
    [InlineData(Loss.Gpr)]
    [InlineData(Loss.AnLs)]
    [InlineData(Loss.LlCt)]
    public void Saturated_logits_give_finite_gradients(Loss name)
    {
        using var scope = NewDisposeScope();
        var logits = tensor(new float[] { -200, 200, -90, 90, 0, 30 }, 2, 3).requires_grad_();
        var batch = new LossBatch(logits, tensor(new float[] { 1, 0, 0, 0, 1, 0 }, 2, 3))
        {
            Pseudo = tensor(new float[] { 0, 1, -1, 0, 0, 1 }, 2, 3),
        };

        LossSelector.Compute(name, batch, Options with { CleanRate = 0.5 }).backward();

        Assert.True(logits.grad!.isfinite().all().item<bool>());
    }
}
