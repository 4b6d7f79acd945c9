using Aevlp.Configuration;
using Aevlp.ML.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace Aevlp.ML.Tests.Losses;

/// <summary>ROLE has no fixture; these check its contract: shapes, two-way gradients, and that it trains.</summary>
[Collection(LibTorchGlobalState.Name)]
public class RoleLossTests
{
    private const int Images = 12, Classes = 5;

    private static Tensor Observed()
    {
        var observed = zeros(Images, Classes);
        for (int i = 0; i < Images; i++) observed[i, i % Classes] = 1;
        return observed;
    }

    [Fact]
    public void Estimates_start_at_the_documented_initialisation()
    {
        using var scope = NewDisposeScope();
        var observed = Observed();
        using var estimates = new RoleLabelEstimates(observed, new Generator(7));

        Assert.Equal(new long[] { Images, Classes }, estimates.Logits.shape);
        Assert.Single(estimates.parameters());
        var probabilities = estimates.forward(arange(Images, dtype: int64));
        var atObserved = probabilities.masked_select(observed.eq(1));
        var elsewhere = probabilities.masked_select(observed.eq(0));
        Assert.True(atObserved.allclose(full_like(atObserved, 0.995), atol: 1e-6));
        Assert.True(elsewhere.ge(0.4 - 1e-6).all().item<bool>() && elsewhere.le(0.6 + 1e-6).all().item<bool>());
    }

    [Fact]
    public void Gradient_reaches_both_the_classifier_and_the_estimates()
    {
        using var scope = NewDisposeScope();
        var observed = Observed();
        using var estimates = new RoleLabelEstimates(observed, new Generator(7));
        var indices = tensor(new long[] { 0, 3, 5 });
        var logits = randn(3, Classes, generator: new Generator(1)).requires_grad_();

        var loss = LossSelector.Compute(Loss.Role,
            new LossBatch(logits, observed.index_select(0, indices)) { LabelEstimates = estimates.forward(indices) },
            new LossOptions(ExpectedPositives: 2, LabelSmoothing: 0));
        loss.backward();

        Assert.Empty(loss.shape);
        Assert.True(logits.grad!.abs().sum().item<float>() > 0);
        var estimateGrad = estimates.Logits.grad!;
        Assert.True(estimateGrad.index_select(0, indices).abs().sum().item<float>() > 0);
        Assert.Equal(0f, estimateGrad.index_select(0, tensor(new long[] { 1, 2, 4 })).abs().sum().item<float>());
    }

    [Fact]
    public void Joint_training_lowers_the_loss_on_a_toy_problem()
    {
        using var scope = NewDisposeScope();
        var observed = Observed();
        var features = randn(Images, 8, generator: new Generator(3));
        using var classifier = nn.Linear(8, Classes);
        using var estimates = new RoleLabelEstimates(observed, new Generator(7));
        var optimizer = optim.Adam(classifier.parameters().Concat(estimates.parameters()), lr: 0.05);
        var all = arange(Images, dtype: int64);
        var options = new LossOptions(ExpectedPositives: 1.5, LabelSmoothing: 0);

        float Step()
        {
            using var stepScope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = RoleLoss.Compute(classifier.forward(features), observed, estimates.forward(all), options.ExpectedPositives);
            loss.backward();
            optimizer.step();
            return loss.item<float>();
        }

        float first = Step();
        float last = first;
        for (int i = 0; i < 50; i++) last = Step();

        Assert.True(last < 0.8f * first, $"loss went from {first} to {last}");
    }
}
