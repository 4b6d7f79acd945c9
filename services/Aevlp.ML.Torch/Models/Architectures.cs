using Aevlp.Configuration;
using Aevlp.ML.Images;

namespace Aevlp.ML.Models;

/// <summary>The config's <c>arch</c> values as backbones: their layouts, input normalisation and starting weights.</summary>
public static class Architectures
{
    /// <summary>A classifier with <paramref name="classes"/> outputs and a freshly initialised head.</summary>
    /// <param name="weights">Where the backbone starts (<see cref="BackboneWeights"/>).</param>
    /// <exception cref="Contracts.InvalidInputException">The weights cannot be loaded into the backbone; every mismatch is listed.</exception>
    public static MultiLabelClassifier Create(Architecture arch, int classes, BackboneWeights? weights = null)
    {
        var backbone = Backbone(arch, weights ?? BackboneWeights.Random);
        return new MultiLabelClassifier(backbone, classes);
    }

    /// <summary>The backbone alone, randomly initialised: the layout weights are checked against.</summary>
    public static Backbone Layout(Architecture arch) => arch switch
    {
        Architecture.SmallCnn => new SmallCnn(),
        Architecture.ResNet18 => ResNet.ResNet18(),
        Architecture.ResNet50 => ResNet.ResNet50(),
        Architecture.ResNet18Dnn => ResNet.DnnImageFeaturizerLayout(),
        _ => throw new ArgumentOutOfRangeException(nameof(arch), arch, null),
    };

    /// <summary>How images must be normalised for <paramref name="arch"/>: ImageNet mean/std on RGB in [0, 1] for the
    /// torchvision layouts, the CNTK model's own BGR 0–255 mean subtraction for resnet18-dnn.</summary>
    public static ImageNormalization Normalization(Architecture arch) =>
        arch == Architecture.ResNet18Dnn ? DnnImageFeaturizerResNet18.Normalization() : ImageNormalization.ImageNet;

    private static Backbone Backbone(Architecture arch, BackboneWeights weights)
    {
        if (weights.Packaged) return arch == Architecture.ResNet18Dnn
            ? DnnImageFeaturizerResNet18.Load()
            : throw new Contracts.InvalidInputException($"use_pretrained: {ConfigNames.Architectures.Of(arch)} has no packaged weights; import some (aevlp weights import)");
        var backbone = Layout(arch);
        if (weights.File is { } file) PretrainedWeights.Load(backbone, file);
        return backbone;
    }
}

/// <summary>Where a backbone's weights come from: random initialisation, the weights packaged with resnet18-dnn, or a
/// torchvision state dict (<c>torch.save</c> or safetensors).</summary>
public sealed record BackboneWeights(bool Packaged, string? File)
{
    public static BackboneWeights Random { get; } = new(false, null);

    public static BackboneWeights PackagedWeights { get; } = new(true, null);

    public static BackboneWeights FromFile(string file) => new(false, file);
}
