using TorchSharp.Modules;

namespace Aevlp.ML.Models;

/// <summary>
/// ResNet-50+ block: 1×1 reduce, 3×3 (strided, as torchvision's "v1.5"), 1×1 expand ×4. Field names are
/// torchvision's state-dict names.
/// </summary>
public sealed class Bottleneck : ResidualBlock
{
    public const int Expansion = 4;

    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Conv2d conv3;
    private readonly BatchNorm2d bn3;
    private readonly ReLU relu = TorchSharp.torch.nn.ReLU(inplace: true);
    private readonly Sequential? downsample;

    public Bottleneck(long input, long planes, long stride) : base(nameof(Bottleneck))
    {
        conv1 = Conv(input, planes, 1, 1);
        bn1 = TorchSharp.torch.nn.BatchNorm2d(planes);
        conv2 = Conv(planes, planes, 3, stride);
        bn2 = TorchSharp.torch.nn.BatchNorm2d(planes);
        conv3 = Conv(planes, planes * Expansion, 1, 1);
        bn3 = TorchSharp.torch.nn.BatchNorm2d(planes * Expansion);
        downsample = Projection(input, planes * Expansion, stride);
        RegisterComponents();
        MainPath =
        [
            new("conv1", conv1), new("bn1", bn1), new("relu", relu), new("conv2", conv2), new("bn2", bn2),
            new("relu", relu), new("conv3", conv3), new("bn3", bn3),
        ];
    }

    public override IReadOnlyList<NamedModule> MainPath { get; }

    public override Sequential? Downsample => downsample;
}
