using static TorchSharp.torch;

namespace Aevlp.ML.Models;

/// <summary>
/// Three conv–BN–ReLU stages (16, 32, 64 channels, the first two followed by 2×2 max pooling): trains in
/// seconds on tiny images, so tests can run whole training loops.
/// </summary>
public sealed class SmallCnn : Backbone
{
    private static readonly int[] Channels = [16, 32, 64];

    public SmallCnn() : base("small-cnn")
    {
        var stages = new List<NamedModule>();
        long input = 3;
        for (int i = 0; i < Channels.Length; i++)
        {
            var stage = nn.Sequential(
                nn.Conv2d(input, Channels[i], 3, padding: 1, bias: false), nn.BatchNorm2d(Channels[i]), nn.ReLU(inplace: true));
            if (i < Channels.Length - 1) stage.append(nn.MaxPool2d(2, stride: 2));
            register_module($"block{i + 1}", stage);
            stages.Add(new($"block{i + 1}", stage));
            input = Channels[i];
        }
        Stages = stages;
    }

    public override int FeatureCount => Channels[^1];

    public override IReadOnlyList<NamedModule> Stages { get; }
}
