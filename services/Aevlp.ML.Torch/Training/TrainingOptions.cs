using Aevlp.Configuration;
using Aevlp.ML.Losses;
using Aevlp.ML.Models;
using Aevlp.ML.PseudoLabels;

namespace Aevlp.ML.Training;

/// <summary>
/// Everything one training run needs (spec §2–§4), in the loop's own terms. <see cref="TrainingConfig.ToOptions"/> builds it
/// from a <see cref="RunConfig"/>, whose schema holds every default; the property summaries name the config keys.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary><c>arch</c>.</summary>
    public required Architecture Architecture { get; init; }

    /// <summary><c>use_pretrained</c>, <c>pretrained_weights</c>: where the backbone starts.</summary>
    public required BackboneWeights Weights { get; init; }

    /// <summary><c>freeze_feature_extractor</c>: the backbone never trains (weights and batch-norm statistics).</summary>
    public required bool FreezeBackbone { get; init; }

    /// <summary><c>optimizer</c>.</summary>
    public required Optimizer Optimizer { get; init; }

    /// <summary><c>image_size</c>: S of the S×S network input.</summary>
    public required int ImageSize { get; init; }

    /// <summary><c>num_epochs</c>.</summary>
    public required int Epochs { get; init; }

    /// <summary><c>bsize</c>.</summary>
    public required int BatchSize { get; init; }

    /// <summary><c>lr</c>: the backbone's learning rate.</summary>
    public required double LearningRate { get; init; }

    /// <summary><c>lr_mult</c>: the head (and ROLE's label estimates) learn at lr × lr_mult.</summary>
    public required double LearningRateMultiplier { get; init; }

    /// <summary><c>linear_init</c>: the first n epochs train the head only, backbone frozen (weights and batch-norm statistics).</summary>
    public required int LinearInit { get; init; }

    /// <summary><c>loss</c>.</summary>
    public required Loss Loss { get; init; }

    /// <summary>Fixed loss parameters: <c>expected_num_pos</c>, <c>ls_coef</c> and the GPR settings. The per-epoch values are
    /// filled in by the loop.</summary>
    public required LossOptions LossOptions { get; init; }

    /// <summary><c>beta</c>, <c>alpha</c>: GPR's weight schedule; required for gpr.</summary>
    public GprSchedule? GprSchedule { get; init; }

    /// <summary><c>delta_rel</c> (percent): how fast ll_r/ll_ct lower clean_rate per epoch.</summary>
    public required double LargeLossDeltaRel { get; init; }

    /// <summary>DAMP settings; required when the loss uses pseudo-labels.</summary>
    public PseudoLabelSettings? PseudoLabels { get; init; }

    /// <summary><c>pl_views</c>.</summary>
    public required ViewAggregation ViewAggregation { get; init; }

    /// <summary><c>seed</c>: model initialisation, data order, flips and the per-epoch teacher-view draws.</summary>
    public required int Seed { get; init; }

    /// <summary><c>device</c>.</summary>
    public required DevicePreference Device { get; init; }

    /// <summary><c>threads</c>: LibTorch intra-op threads; 0 keeps LibTorch's default.</summary>
    public required int Threads { get; init; }

    /// <summary><c>num_workers</c>: image decoding threads.</summary>
    public required int LoaderWorkers { get; init; }

    /// <summary>Stop when val mAP has not improved for this many consecutive epochs (spec §2: 2; not a config key).</summary>
    public int EarlyStopPatience { get; init; } = 2;

    /// <summary>Stop when val mAP falls more than this many points below the best (spec §2: 2; not a config key).</summary>
    public double EarlyStopMaxDrop { get; init; } = 2.0;

    /// <summary>Whether the loss trains on pseudo-labels and so needs teacher logits and <see cref="PseudoLabels"/>.</summary>
    public bool UsesPseudoLabels => PseudoLabels is not null;

    internal void Validate(TrainingData data)
    {
        Require(ImageSize >= 8 && ImageSize % 2 == 0, "image_size", "an even number ≥ 8", ImageSize);
        Require(Epochs > LinearInit && LinearInit >= 0, "num_epochs", $"more than linear_init = {LinearInit}", Epochs);
        Require(BatchSize >= 1, "bsize", "≥ 1", BatchSize);
        Require(LearningRate > 0 && LearningRateMultiplier > 0, "lr", "lr > 0 and lr_mult > 0", $"{LearningRate}, {LearningRateMultiplier}");
        Require(LoaderWorkers >= 1, "num_workers", "≥ 1", LoaderWorkers);
        Require(Threads >= 0, "threads", "≥ 0", Threads);
        if (Loss == Loss.Gpr)
            Require(GprSchedule is not null && LossOptions.Gpr is not null, "beta/alpha", "the GPR schedule and settings for loss gpr", "none");
        if (Loss == Loss.AnPl) Require(UsesPseudoLabels, "temp/eta/threshold", "DAMP settings for loss an_pl", "none");
        if (UsesPseudoLabels) Require(data.Teacher is not null, "teacher logits", $"teacher logits for loss {ConfigNames.Losses.Of(Loss)}", "none");
    }

    private static void Require(bool condition, string field, string expected, object actual)
    {
        if (!condition) throw new Contracts.InvalidInputException($"{field}: expected {expected}, got {actual}");
    }
}
