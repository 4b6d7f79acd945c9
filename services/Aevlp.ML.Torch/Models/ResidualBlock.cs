using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Aevlp.ML.Models;

/// <summary>
/// A ResNet block: relu(main(x) + shortcut(x)), the shortcut being the identity or a strided 1×1 convolution
/// with batch norm (<c>downsample</c>). The main path is a list of layers so that exporters can walk it.
/// </summary>
public abstract class ResidualBlock(string name) : nn.Module<Tensor, Tensor>(name)
{
    /// <summary>The main path's layers in forward order (the shared ReLU appears where it is applied).</summary>
    public abstract IReadOnlyList<NamedModule> MainPath { get; }

    /// <summary>The projection shortcut, or null for the identity.</summary>
    public abstract Sequential? Downsample { get; }

    /// <summary>In-place add and ReLU, as torchvision: neither needs its input for the backward pass.</summary>
    public override Tensor forward(Tensor x)
    {
        var main = MainPath.Aggregate(x, (y, layer) => layer.Module.call(y));
        var shortcut = Downsample is null ? x : Downsample.call(x);
        return main.add_(shortcut).relu_();
    }

    protected static Conv2d Conv(long input, long output, long kernel, long stride) =>
        nn.Conv2d(input, output, kernel, stride: stride, padding: kernel / 2, bias: false);

    protected static Sequential? Projection(long input, long output, long stride) =>
        stride == 1 && input == output ? null : nn.Sequential(Conv(input, output, 1, stride), nn.BatchNorm2d(output));
}
