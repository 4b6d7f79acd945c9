using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Aevlp.ML.Losses;

/// <summary>
/// ROLE's learned label estimate for every training image (Cole et al., CVPR 2021): one logit per image and
/// class, trained jointly with the classifier (at lr × lr_mult). Observed positives start near certain
/// (logit(0.995)); the rest start uniform in ±logit(0.6), i.e. undecided.
/// </summary>
public sealed class RoleLabelEstimates : nn.Module<Tensor, Tensor>
{
    private const double ObservedInitialProbability = 0.995;
    private const double UnknownInitialBound = 0.6;

    private readonly Parameter logits;

    /// <param name="observed">[N, C] observed labels of the whole training set; 1 marks the observed positive.</param>
    /// <param name="generator">Seeds the uniform initialisation; null uses the global generator.</param>
    public RoleLabelEstimates(Tensor observed, Generator? generator = null) : base(nameof(RoleLabelEstimates))
    {
        TensorChecks.RequireMatrix(observed, nameof(observed));
        using var scope = NewDisposeScope();
        double bound = Logit(UnknownInitialBound);
        var initial = rand(observed.shape, float32, generator: generator).mul(2 * bound).sub(bound);
        initial = where(observed.eq(1), full_like(initial, Logit(ObservedInitialProbability)), initial);
        logits = new Parameter(initial.MoveToOuterDisposeScope());
        RegisterComponents();
    }

    /// <summary>[N, C] estimate logits (the trainable parameter).</summary>
    public Tensor Logits => logits;

    /// <summary>The estimated label probabilities of the images at <paramref name="imageIndices"/> (int64, [B]).</summary>
    public override Tensor forward(Tensor imageIndices) => logits.index_select(0, imageIndices).sigmoid();

    private static double Logit(double probability) => Math.Log(probability / (1 - probability));
}
