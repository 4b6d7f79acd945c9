namespace Aevlp.Configuration;

// The values of the config's choice keys. Their spellings in a config file are in ConfigNames.

/// <summary><c>loss</c> (method §3, §5).</summary>
public enum Loss
{
    Gpr,
    Bce,
    An,
    AnLs,
    Wan,
    Epr,
    Role,
    AnPl,
    LlR,
    LlCt,
}

/// <summary><c>arch</c>: the classifier's backbone.</summary>
public enum Architecture
{
    SmallCnn,
    ResNet18,
    ResNet50,

    /// <summary>ResNet-18 with the ImageNet weights packaged in Microsoft.ML.DnnImageFeaturizer.ResNet18.</summary>
    ResNet18Dnn,
}

/// <summary><c>optimizer</c>.</summary>
public enum Optimizer
{
    Adam,
    Sgd,
}

/// <summary><c>device</c>: where LibTorch trains.</summary>
public enum DevicePreference
{
    /// <summary>CUDA when LibTorch sees a GPU, else the CPU.</summary>
    Auto,
    Cpu,
    Cuda,
}

/// <summary><c>train_set_variant</c>, <c>val_set_variant</c>: which labels a split is used with.</summary>
public enum LabelVariant
{
    /// <summary>The single observed positive of each image.</summary>
    Observed,

    /// <summary>Every true label.</summary>
    Clean,
}

/// <summary><c>pl_views</c>: which teacher views decide the pseudo-labels.</summary>
public enum PseudoLabelViews
{
    /// <summary>DAMP (method §4): the whole image combined with the grid tiles.</summary>
    Damp,

    /// <summary>The whole-image view alone, the ablation that shows what the tiles add.</summary>
    Global,
}

public static class ArchitectureFacts
{
    /// <summary>The backbone's feature width, the released configs' <c>feat_dim</c>; Aevlp.ML's backbones are tested to agree.</summary>
    public static int FeatureWidth(this Architecture architecture) => architecture switch
    {
        Architecture.SmallCnn => 64,
        Architecture.ResNet18 or Architecture.ResNet18Dnn => 512,
        Architecture.ResNet50 => 2048,
        _ => throw new ArgumentOutOfRangeException(nameof(architecture), architecture, null),
    };
}
