using TorchSharp.Modules;

namespace Aevlp.ML.Models;

/// <summary>ResNet-18/34 block: two 3×3 convolutions, the first strided. Field names are torchvision's state-dict names.</summary>
public sealed class BasicBlock : ResidualBlock
{
    public const int Expansion = 1;

    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly ReLU relu = TorchSharp.torch.nn.ReLU(inplace: true);
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Sequential? downsample;

    public BasicBlock(long input, long planes, long stride) : base(nameof(BasicBlock))
    {
        conv1 = Conv(input, planes, 3, stride);
        bn1 = TorchSharp.torch.nn.BatchNorm2d(planes);
        conv2 = Conv(planes, planes, 3, 1);
        bn2 = TorchSharp.torch.nn.BatchNorm2d(planes);
        downsample = Projection(input, planes * Expansion, stride);
        RegisterComponents();
        MainPath = [new("conv1", conv1), new("bn1", bn1), new("relu", relu), new("conv2", conv2), new("bn2", bn2)];
    }

    public override IReadOnlyList<NamedModule> MainPath { get; }

    public override Sequential? Downsample => downsample;
}
