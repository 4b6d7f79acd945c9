using static TorchSharp.torch;

namespace Aevlp.ML.Models;

/// <summary>
/// A convolutional feature extractor, [B, 3, S, S] → [B, F, h, w], whose forward pass is its <see cref="Stages"/>
/// applied in order. The structure is explicit rather than hidden in a forward method so that the ONNX exporter
/// and the weight importers can walk it.
/// </summary>
public abstract class Backbone(string name) : nn.Module<Tensor, Tensor>(name)
{
    /// <summary>F, the channels of the last feature map (the classifier head's input size).</summary>
    public abstract int FeatureCount { get; }

    /// <summary>The stages in forward order, named as in the state dict.</summary>
    public abstract IReadOnlyList<NamedModule> Stages { get; }

    public override Tensor forward(Tensor images) =>
        Stages.Aggregate(images, (x, stage) => stage.Module.call(x));
}
