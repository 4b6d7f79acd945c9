using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Aevlp.ML.Models;

/// <summary>
/// ResNet in torchvision's layout: the same module tree and state-dict names (<c>conv1</c>, <c>bn1</c>,
/// <c>layer1.0.conv1</c>, <c>layer2.0.downsample.0</c>, …), so torchvision weights load as they are. Written here
/// rather than taken from the TorchVision package because that one hides its block types and fixes the block
/// counts, while the exporter needs typed blocks and the DnnImageFeaturizer network has blocks [2, 2, 2, 3].
/// No pooling or classifier: <see cref="MultiLabelClassifier"/> adds those.
/// </summary>
public sealed class ResNet : Backbone
{
    private static readonly long[] Planes = [64, 128, 256, 512];

    private readonly Conv2d conv1 = nn.Conv2d(3, 64, 7, stride: 2, padding: 3, bias: false);
    private readonly BatchNorm2d bn1 = nn.BatchNorm2d(64);
    private readonly ReLU relu = nn.ReLU(inplace: true);
    private readonly MaxPool2d maxpool = nn.MaxPool2d(3, stride: 2, padding: 1);
    private readonly Sequential layer1, layer2, layer3, layer4;

    private ResNet(string name, bool bottleneck, IReadOnlyList<int> blocks) : base(name)
    {
        int expansion = bottleneck ? Bottleneck.Expansion : BasicBlock.Expansion;
        long input = 64;
        var layers = new Sequential[4];
        for (int stage = 0; stage < 4; stage++)
        {
            layers[stage] = Layer(bottleneck, ref input, Planes[stage], blocks[stage], stride: stage == 0 ? 1 : 2);
        }
        (layer1, layer2, layer3, layer4) = (layers[0], layers[1], layers[2], layers[3]);
        FeatureCount = (int)Planes[^1] * expansion;
        RegisterComponents();
        InitializeLikeTorchvision();
        Stages =
        [
            new("conv1", conv1), new("bn1", bn1), new("relu", relu), new("maxpool", maxpool),
            new("layer1", layer1), new("layer2", layer2), new("layer3", layer3), new("layer4", layer4),
        ];
    }

    public override int FeatureCount { get; }

    public override IReadOnlyList<NamedModule> Stages { get; }

    /// <summary>Every residual block in forward order.</summary>
    public IEnumerable<ResidualBlock> Blocks =>
        new[] { layer1, layer2, layer3, layer4 }.SelectMany(layer => layer.children().Cast<ResidualBlock>());

    /// <summary>The stem convolution and its batch norm.</summary>
    public (Conv2d Conv, BatchNorm2d Norm) Stem => (conv1, bn1);

    public static ResNet ResNet18() => new("resnet18", bottleneck: false, [2, 2, 2, 2]);

    public static ResNet ResNet50() => new("resnet50", bottleneck: true, [3, 4, 6, 3]);

    /// <summary>The layout of the CNTK ResNet-18 in Microsoft.ML.DnnImageFeaturizer.ResNet18: one more block in layer4.</summary>
    public static ResNet DnnImageFeaturizerLayout() => new("resnet18-dnn", bottleneck: false, [2, 2, 2, 3]);

    private static Sequential Layer(bool bottleneck, ref long input, long planes, int blocks, long stride)
    {
        var layer = nn.Sequential();
        for (int block = 0; block < blocks; block++)
        {
            long blockStride = block == 0 ? stride : 1;
            layer.append(bottleneck
                ? new Bottleneck(input, planes, blockStride)
                : new BasicBlock(input, planes, blockStride));
            input = planes * (bottleneck ? Bottleneck.Expansion : BasicBlock.Expansion);
        }
        return layer;
    }

    /// <summary>He-normal (fan-out) convolutions as torchvision does: it trains from scratch noticeably better than the default.</summary>
    private void InitializeLikeTorchvision()
    {
        using var noGrad = no_grad();
        foreach (var conv in modules().OfType<Conv2d>())
        {
            nn.init.kaiming_normal_(conv.weight, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
        }
    }
}
