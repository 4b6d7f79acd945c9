using static TorchSharp.torch;

namespace Aevlp.ML.Losses;

/// <summary>What one training step hands to a loss. Only the tensors the chosen loss needs must be set.</summary>
/// <param name="Logits">[B, C] float32 classifier logits (requires grad when training).</param>
/// <param name="Observed">[B, C] observed labels; 1 marks the single observed positive.</param>
public sealed record LossBatch(Tensor Logits, Tensor Observed)
{
    /// <summary>[B, C] full 0/1 labels; used by <c>bce</c> only.</summary>
    public Tensor? Truth { get; init; }

    /// <summary>[B, C] pseudo-labels in {−1, 0, 1}; used by <c>gpr</c> and <c>an_pl</c>.</summary>
    public Tensor? Pseudo { get; init; }

    /// <summary>[B, C] ROLE label-estimate probabilities of these images (<see cref="RoleLabelEstimates"/>).</summary>
    public Tensor? LabelEstimates { get; init; }
}
