using Aevlp.ML.Images;

namespace Aevlp.ML.Models;

/// <summary>The config's <c>arch</c> values: which backbone, its input normalisation and where its weights come from.</summary>
public static class Architectures
{
    public const string SmallCnn = "small-cnn";
    public const string ResNet18 = "resnet18";
    public const string ResNet50 = "resnet50";

    /// <summary>ResNet-18 with the ImageNet weights shipped in Microsoft.ML.DnnImageFeaturizer.ResNet18.</summary>
    public const string ResNet18Dnn = "resnet18-dnn";

    public static IReadOnlyList<string> Names { get; } = [SmallCnn, ResNet18, ResNet50, ResNet18Dnn];

    /// <summary>A classifier with <paramref name="classes"/> outputs and a freshly initialised head.</summary>
    /// <param name="pretrainedWeights">A torchvision state dict (safetensors or <c>torch.save</c>) for resnet18/resnet50;
    /// null trains from scratch. resnet18-dnn always loads its packaged weights.</param>
    public static MultiLabelClassifier Create(string arch, int classes, string? pretrainedWeights = null)
    {
        if (pretrainedWeights is not null && arch is not (ResNet18 or ResNet50))
            throw new ArgumentException($"pretrained_weights: only {ResNet18} and {ResNet50} load a weights file, arch is '{arch}'", nameof(pretrainedWeights));
        Backbone backbone = arch switch
        {
            SmallCnn => new SmallCnn(),
            ResNet18 => ResNet.ResNet18(),
            ResNet50 => ResNet.ResNet50(),
            ResNet18Dnn => DnnImageFeaturizerResNet18.Load(),
            _ => throw new ArgumentException($"arch: expected one of {string.Join(", ", Names)}, got '{arch}'", nameof(arch)),
        };
        if (pretrainedWeights is not null) PretrainedWeights.Load(backbone, pretrainedWeights);
        return new MultiLabelClassifier(backbone, classes);
    }

    /// <summary>How images must be normalised for <paramref name="arch"/>: ImageNet mean/std on RGB in [0, 1] for the
    /// torchvision layouts, the CNTK model's own BGR 0–255 mean subtraction for resnet18-dnn.</summary>
    public static ImageNormalization Normalization(string arch) =>
        arch == ResNet18Dnn ? DnnImageFeaturizerResNet18.Normalization() : ImageNormalization.ImageNet;
}
