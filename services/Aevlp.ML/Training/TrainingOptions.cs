using Aevlp.ML.Losses;
using Aevlp.ML.Models;
using Aevlp.ML.PseudoLabels;

namespace Aevlp.ML.Training;

/// <summary>
/// Everything one training run needs (spec §2–§4). Defaults are the released configs' values where they have one;
/// config names are given per property so the registry's JSON loader can map onto this record.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary><c>arch</c>: one of <see cref="Architectures.Names"/>.</summary>
    public string Architecture { get; init; } = Architectures.ResNet50;

    /// <summary><c>pretrained_weights</c>: torchvision state dict for resnet18/resnet50; null trains from scratch.</summary>
    public string? PretrainedWeights { get; init; }

    /// <summary><c>image_size</c>: S of the S×S network input.</summary>
    public int ImageSize { get; init; } = 448;

    /// <summary><c>num_epochs</c>.</summary>
    public int Epochs { get; init; } = 8;

    /// <summary><c>bsize</c>.</summary>
    public int BatchSize { get; init; } = 8;

    /// <summary><c>lr</c>: the backbone's Adam learning rate.</summary>
    public double LearningRate { get; init; } = 1e-5;

    /// <summary><c>lr_mult</c>: the head (and ROLE's label estimates) learn at lr × lr_mult.</summary>
    public double LearningRateMultiplier { get; init; } = 10;

    /// <summary><c>linear_init</c>: the first n epochs train the head only, backbone frozen (weights and batch-norm statistics).</summary>
    public int LinearInit { get; init; }

    /// <summary><c>loss</c>: one of <see cref="LossSelector.Names"/>.</summary>
    public string Loss { get; init; } = "gpr";

    /// <summary>Fixed loss parameters: <c>expected_num_pos</c>, <c>ls_coef</c> and the GPR settings (<c>q2q3</c>, <c>lam</c>,
    /// <c>rho</c>, <c>reg</c>, <c>use_pl</c>). The per-epoch values are filled in by the loop.</summary>
    public LossOptions LossOptions { get; init; } = new(ExpectedPositives: 1.5);

    /// <summary><c>beta</c>, <c>alpha</c>: GPR's weight schedule; required for gpr.</summary>
    public GprSchedule? GprSchedule { get; init; }

    /// <summary><c>delta_rel</c> (percent): how fast ll_r/ll_ct lower clean_rate per epoch.</summary>
    public double LargeLossDeltaRel { get; init; } = 0.1;

    /// <summary>DAMP settings (<c>temp</c>, <c>eta</c>, top_k, <c>threshold</c>, <c>negative_ratio</c>); required when the loss uses pseudo-labels.</summary>
    public PseudoLabelSettings? PseudoLabels { get; init; }

    public ViewAggregation ViewAggregation { get; init; } = ViewAggregation.Damp;

    /// <summary><c>seed</c>: model initialisation, data order, flips and the per-epoch teacher-view draws.</summary>
    public int Seed { get; init; } = 1200;

    /// <summary><c>device</c>: auto, cpu or cuda (<see cref="TrainingDevice"/>).</summary>
    public string Device { get; init; } = "auto";

    /// <summary><c>threads</c>: LibTorch intra-op threads; 0 keeps LibTorch's default.</summary>
    public int Threads { get; init; }

    /// <summary><c>num_workers</c>: image decoding threads.</summary>
    public int LoaderWorkers { get; init; } = 2;

    /// <summary>Stop when val mAP has not improved for this many consecutive epochs (spec §2: 2).</summary>
    public int EarlyStopPatience { get; init; } = 2;

    /// <summary>Stop when val mAP falls more than this many points below the best (spec §2: 2).</summary>
    public double EarlyStopMaxDrop { get; init; } = 2.0;

    /// <summary>Whether the loss trains on pseudo-labels and so needs teacher logits and <see cref="PseudoLabels"/>:
    /// an_pl always, GPR unless its <c>use_pl</c> is off.</summary>
    public bool UsesPseudoLabels => Loss == "an_pl" || (Loss is "gpr" or "gpr_loss" && LossOptions.Gpr?.UsePseudoLabels != false);

    internal void Validate(TrainingData data)
    {
        Require(Architectures.Names.Contains(Architecture), "arch", $"one of {string.Join(", ", Architectures.Names)}", Architecture);
        Require(LossSelector.Names.Contains(Loss), "loss", $"one of {string.Join(", ", LossSelector.Names)}", Loss);
        Require(ImageSize >= 8 && ImageSize % 2 == 0, "image_size", "an even number ≥ 8", ImageSize);
        Require(Epochs > LinearInit && LinearInit >= 0, "num_epochs", $"more than linear_init = {LinearInit}", Epochs);
        Require(BatchSize >= 1, "bsize", "≥ 1", BatchSize);
        Require(LearningRate > 0 && LearningRateMultiplier > 0, "lr", "lr > 0 and lr_mult > 0", $"{LearningRate}, {LearningRateMultiplier}");
        Require(LoaderWorkers >= 1, "num_workers", "≥ 1", LoaderWorkers);
        Require(Threads >= 0, "threads", "≥ 0", Threads);
        if (Loss is "gpr" or "gpr_loss")
            Require(GprSchedule is not null && LossOptions.Gpr is not null, "beta/alpha", "the GPR schedule and settings for loss gpr", "none");
        if (UsesPseudoLabels)
        {
            Require(PseudoLabels is not null, "temp/eta/threshold", $"DAMP settings for loss {Loss}", "none");
            Require(data.Teacher is not null, "teacher logits", $"teacher logits for loss {Loss}", "none");
        }
    }

    private static void Require(bool condition, string field, string expected, object actual)
    {
        if (!condition) throw new ArgumentException($"{field}: expected {expected}, got {actual}");
    }
}
