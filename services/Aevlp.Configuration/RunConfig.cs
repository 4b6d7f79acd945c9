using System.Text.Json.Nodes;

namespace Aevlp.Configuration;

/// <summary>A resolved, valid run config, typed: what the registry routes on, the trainer trains with and the
/// pseudo-labeler scores with. Each property reads one key of <see cref="RunConfigSchema"/> (named in its summary).</summary>
public sealed record RunConfig
{
    /// <summary><c>dataset</c>.</summary>
    public required string Dataset { get; init; }
    /// <summary><c>num_classes</c>.</summary>
    public required int? Classes { get; init; }
    /// <summary><c>seed</c>.</summary>
    public required int Seed { get; init; }
    /// <summary><c>ss_seed</c>.</summary>
    public required int SubsampleSeed { get; init; }
    /// <summary><c>ss_frac_train</c>.</summary>
    public required double SubsampleTrain { get; init; }
    /// <summary><c>ss_frac_val</c>.</summary>
    public required double SubsampleVal { get; init; }
    /// <summary><c>val_frac</c>.</summary>
    public required double ValFraction { get; init; }
    /// <summary><c>split_seed</c>.</summary>
    public required int SplitSeed { get; init; }
    /// <summary><c>train_set_variant</c>.</summary>
    public required LabelVariant TrainLabels { get; init; }
    /// <summary><c>val_set_variant</c>.</summary>
    public required LabelVariant ValLabels { get; init; }
    /// <summary><c>num_workers</c>.</summary>
    public required int LoaderWorkers { get; init; }
    /// <summary><c>arch</c>.</summary>
    public required Architecture Architecture { get; init; }
    /// <summary><c>feat_dim</c>.</summary>
    public required int? FeatureDim { get; init; }
    /// <summary><c>freeze_feature_extractor</c>.</summary>
    public required bool FreezeFeatureExtractor { get; init; }
    /// <summary><c>use_pretrained</c>.</summary>
    public required bool UsePretrained { get; init; }
    /// <summary><c>pretrained_weights</c>; the registry fills it in when a run leaves it unset.</summary>
    public required string? PretrainedWeights { get; init; }
    /// <summary><c>num_epochs</c>.</summary>
    public required int Epochs { get; init; }
    /// <summary><c>optimizer</c>.</summary>
    public required Optimizer Optimizer { get; init; }
    /// <summary><c>bsize</c>.</summary>
    public required int BatchSize { get; init; }
    /// <summary><c>lr</c>.</summary>
    public required double LearningRate { get; init; }
    /// <summary><c>lr_mult</c>.</summary>
    public required double LearningRateMultiplier { get; init; }
    /// <summary><c>linear_init</c>.</summary>
    public required int LinearInit { get; init; }
    /// <summary><c>image_size</c>.</summary>
    public required int ImageSize { get; init; }
    /// <summary><c>device</c>.</summary>
    public required DevicePreference Device { get; init; }
    /// <summary><c>threads</c>.</summary>
    public required int Threads { get; init; }
    /// <summary><c>expected_num_pos</c>.</summary>
    public required double ExpectedPositives { get; init; }
    /// <summary><c>loss</c>.</summary>
    public required Loss Loss { get; init; }
    /// <summary><c>beta</c>: [w0, wmax, b0, bmax].</summary>
    public required IReadOnlyList<double> Beta { get; init; }
    /// <summary><c>alpha</c>: [mu0, s0, mumax, smax].</summary>
    public required IReadOnlyList<double> Alpha { get; init; }
    /// <summary><c>q2q3</c>.</summary>
    public required IReadOnlyList<double> Q2Q3 { get; init; }
    /// <summary><c>lam</c>: [λ1, λ2].</summary>
    public required IReadOnlyList<double> Lambda { get; init; }
    /// <summary><c>rho</c>.</summary>
    public required double Rho { get; init; }
    /// <summary><c>reg</c>.</summary>
    public required double Reg { get; init; }
    /// <summary><c>delta_rel</c>.</summary>
    public required double DeltaRel { get; init; }
    /// <summary><c>ls_coef</c>.</summary>
    public required double LabelSmoothing { get; init; }
    /// <summary><c>use_pl</c>.</summary>
    public required bool UsePseudoLabels { get; init; }
    /// <summary><c>teacher</c>.</summary>
    public required string Teacher { get; init; }
    /// <summary><c>temp</c>.</summary>
    public required double Temperature { get; init; }
    /// <summary><c>eta</c>.</summary>
    public required double Eta { get; init; }
    /// <summary><c>threshold</c>.</summary>
    public required double Threshold { get; init; }
    /// <summary><c>grid_size</c>.</summary>
    public required int GridSize { get; init; }
    /// <summary><c>variants</c>.</summary>
    public required int Variants { get; init; }
    /// <summary><c>top_k</c>.</summary>
    public required int TopK { get; init; }
    /// <summary><c>negative_ratio</c>.</summary>
    public required double NegativeRatio { get; init; }
    /// <summary><c>sparse_topk</c>; null keeps every relation.</summary>
    public required int? RelationTopK { get; init; }
    /// <summary><c>reweight_p</c>.</summary>
    public required double RelationWeight { get; init; }
    /// <summary><c>pl_views</c>.</summary>
    public required PseudoLabelViews PseudoLabelViews { get; init; }

    /// <summary>Whether the run needs the teacher's logits: an_pl always trains on pseudo-labels, gpr unless use_pl is off.</summary>
    public bool NeedsTeacher => Loss == Loss.AnPl || (Loss == Loss.Gpr && UsePseudoLabels);

    /// <summary>What the teacher stage computes for this run (the pseudo-label cache keys on it); null when it has no teacher stage.</summary>
    public TeacherPass? TeacherPass => NeedsTeacher ? new(Teacher, GridSize, Variants, RelationTopK, RelationWeight) : null;

    /// <summary>The schema's defaults for a dataset of <paramref name="classes"/> classes.</summary>
    public static RunConfig Defaults(string dataset = "dataset", int? classes = null)
    {
        var config = RunConfigSchema.Defaults();
        config["dataset"] = dataset;
        if (classes is not null) config["num_classes"] = classes;
        return From(config);
    }

    /// <summary>Reads a config that <see cref="RunConfigResolver"/> found valid.</summary>
    /// <exception cref="Contracts.InvalidInputException">A key is missing or holds a value its rule refuses; the message names it.</exception>
    public static RunConfig From(JsonObject config)
    {
        var read = new ConfigReader(config);
        return new RunConfig
        {
            Dataset = read.Text("dataset"),
            Classes = read.OptionalInteger("num_classes"),
            Seed = read.Integer("seed"),
            SubsampleSeed = read.Integer("ss_seed"),
            SubsampleTrain = read.Number("ss_frac_train"),
            SubsampleVal = read.Number("ss_frac_val"),
            ValFraction = read.Number("val_frac"),
            SplitSeed = read.Integer("split_seed"),
            TrainLabels = read.Choice("train_set_variant", ConfigNames.LabelVariants),
            ValLabels = read.Choice("val_set_variant", ConfigNames.LabelVariants),
            LoaderWorkers = read.Integer("num_workers"),
            Architecture = read.Choice("arch", ConfigNames.Architectures),
            FeatureDim = read.OptionalInteger("feat_dim"),
            FreezeFeatureExtractor = read.Flag("freeze_feature_extractor"),
            UsePretrained = read.Flag("use_pretrained"),
            PretrainedWeights = read.OptionalText("pretrained_weights"),
            Epochs = read.Integer("num_epochs"),
            Optimizer = read.Choice("optimizer", ConfigNames.Optimizers),
            BatchSize = read.Integer("bsize"),
            LearningRate = read.Number("lr"),
            LearningRateMultiplier = read.Number("lr_mult"),
            LinearInit = read.Integer("linear_init"),
            ImageSize = read.Integer("image_size"),
            Device = read.Choice("device", ConfigNames.Devices),
            Threads = read.Integer("threads"),
            ExpectedPositives = read.Number("expected_num_pos"),
            Loss = read.Choice("loss", ConfigNames.Losses),
            Beta = read.Numbers("beta"),
            Alpha = read.Numbers("alpha"),
            Q2Q3 = read.Numbers("q2q3"),
            Lambda = read.Numbers("lam"),
            Rho = read.Number("rho"),
            Reg = read.Number("reg"),
            DeltaRel = read.Number("delta_rel"),
            LabelSmoothing = read.Number("ls_coef"),
            UsePseudoLabels = read.Flag("use_pl"),
            Teacher = read.Text("teacher"),
            Temperature = read.Number("temp"),
            Eta = read.Number("eta"),
            Threshold = read.Number("threshold"),
            GridSize = read.Integer("grid_size"),
            Variants = read.Integer("variants"),
            TopK = read.Integer("top_k"),
            NegativeRatio = read.Number("negative_ratio"),
            RelationTopK = read.OptionalInteger("sparse_topk"),
            RelationWeight = read.Number("reweight_p"),
            PseudoLabelViews = read.Choice("pl_views", ConfigNames.PseudoLabelViews),
        };
    }
}
