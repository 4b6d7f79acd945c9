using System.Text.Json.Nodes;

namespace Aevlp.Configuration;

/// <summary>Every key a run config may hold (the released AEVLP keys plus the platform's own): what each accepts, its
/// default and what it does, and the released keys the platform accepts but does not use. This is the one place a key
/// is defined; <see cref="RunConfig"/> is its typed view and docs/configuration.md its description (a test keeps the
/// three in step). Defaults are the released COCO config (the paper's main setting) plus the platform's own keys.</summary>
public static class RunConfigSchema
{
    private const string TeacherStage = "the run has no teacher stage (loss {0}, use_pl {1})";

    public static readonly IReadOnlyList<ConfigKey> Keys =
    [
        // Data and splits (method §1).
        new("dataset", ConfigRule.Text(), null, "the dataset the run trains on; set from the request's dataset"),
        new("num_classes", ConfigRule.Integer(1), null, "checked against the dataset's classes; taken from its manifest when unset"),
        new("seed", ConfigRule.Integer(0), 1200, "model initialisation, batch order, flips and the per-epoch teacher-view draws"),
        new("ss_seed", ConfigRule.Integer(0), 999, "seed of the train and val subsampling"),
        new("ss_frac_train", ConfigRule.Fraction(), 1.0, "the share of the train split kept (round(frac·N) rows, drawn with ss_seed)"),
        new("ss_frac_val", ConfigRule.Fraction(), 1.0, "the share of the val split kept, drawn after the train rows from the same generator"),
        new("use_feats", ConfigRule.False("training on precomputed features is not built; the platform trains end to end"), false,
            "must be false: the classifier always trains on images"),
        new("val_frac", ConfigRule.Fraction(), 0.2, "the share of the official train set held out for validation"),
        new("split_seed", ConfigRule.Integer(0), 1200, "seed of the train/val split"),
        new("train_set_variant", ConfigNames.LabelVariants.Rule, "observed",
            "observed: train on one positive label per image; clean: on every true label"),
        new("val_set_variant", ConfigNames.LabelVariants.Rule, "clean",
            "which labels val mAP (model selection and early stopping) is measured against"),
        new("num_workers", ConfigRule.Integer(0), 4, "image decoding threads (at least one is used)"),
        // Classifier and training loop (method §2).
        new("arch", ConfigNames.Architectures.Rule, "resnet50", "the backbone"),
        new("feat_dim", ConfigRule.Integer(1), null, "checked against the backbone's feature width (2048 for resnet50, 512 for the resnet18s)"),
        new("freeze_feature_extractor", ConfigRule.Boolean(), false,
            "true trains the head alone: the backbone's weights and batch-norm statistics stay as loaded"),
        new("use_pretrained", ConfigRule.Boolean(), true,
            "start the backbone from imported ImageNet weights (resnet18-dnn: its packaged ones); false: random initialisation"),
        new("pretrained_weights", ConfigRule.Text(), null, "the imported weights to start from; unset: the newest imported for arch")
        {
            UnusedBecause = config => !config.UsePretrained ? "use_pretrained is false"
                : config.Architecture == Architecture.ResNet18Dnn ? "resnet18-dnn uses its packaged weights" : null,
        },
        new("num_epochs", ConfigRule.Integer(1), 8, "training epochs (early stopping may end sooner)"),
        new("optimizer", ConfigNames.Optimizers.Rule, "adam", "adam; or sgd with momentum 0.9 and weight decay 0.001, as the released code"),
        new("bsize", ConfigRule.Integer(1), 16, "batch size"),
        new("lr", ConfigRule.Positive(), 1e-5, "the backbone's learning rate"),
        new("lr_mult", ConfigRule.Positive(), 10.0, "the head (and ROLE's label estimates) learn at lr × lr_mult"),
        new("is_train", ConfigRule.False("GR loss's learnable K estimator is not built; the released AEVLP code never reads the key"), false,
            "must be false"),
        new("linear_init", ConfigRule.Integer(0), 0, "the first n epochs train the head alone; also shifts the GPR schedules"),
        new("image_size", ConfigRule.Integer(8), 448, "the classifier's input is image_size × image_size"),
        new("device", ConfigNames.Devices.Rule, "auto", "where LibTorch trains; a trainer replica's Trainer:Device overrides it"),
        new("threads", ConfigRule.Integer(0), 0, "LibTorch intra-op threads (0: LibTorch's default); Trainer:Threads overrides it"),
        new("expected_num_pos", ConfigRule.Positive(), 2.9, "k, the expected positives per image, of the GPR, EPR and ROLE regularisers")
        {
            UnusedBecause = config => config.Loss is Loss.Gpr or Loss.Epr or Loss.Role ? null : LossDoesNotRead(config),
        },
        // Losses (method §3, §5).
        new("loss", ConfigNames.Losses.Rule, "gpr_loss", "the loss"),
        GprKey("beta", ConfigRule.Numbers(4), new JsonArray(0, 10, -2, -8), "GPR's K schedule [w0, wmax, b0, bmax]"),
        GprKey("alpha", ConfigRule.Numbers(4), new JsonArray(0.5, 2, 0.8, 0.5), "GPR's V schedule [mu0, s0, mumax, smax]"),
        GprKey("q2q3", ConfigRule.Numbers(2), new JsonArray(0.01, 1), "GPR's exponents [q2, q3] of the neutral entries"),
        GprKey("lam", ConfigRule.Numbers(2), new JsonArray(0.7, 0.5), "[λ1, λ2]: pseudo-positive weights are clamped to [1−λ1, 1−λ2]"),
        GprKey("rho", ConfigRule.Fraction(), 0.9, "the positive side's weight in GPR's pseudo-positive loss"),
        GprKey("reg", ConfigRule.NonNegative(), 0.001, "weight of GPR's expected-positive regulariser"),
        new("delta_rel", ConfigRule.NonNegative(), 0.1, "ll_r/ll_ct: how fast (percent per epoch) the share of kept unknown entries falls")
        {
            UnusedBecause = config => config.Loss is Loss.LlR or Loss.LlCt ? null : LossDoesNotRead(config),
        },
        new("ls_coef", ConfigRule.Fraction(), 0.1, "an_ls: the label-smoothing coefficient")
        {
            UnusedBecause = config => config.Loss == Loss.AnLs ? null : LossDoesNotRead(config),
        },
        // Teacher and DAMP pseudo-labels (method §4).
        new("use_pl", ConfigRule.Boolean(), true, "gpr: train on the teacher's pseudo-labels; false: on the observed labels alone")
        {
            UnusedBecause = config => config.Loss is Loss.Gpr or Loss.AnPl ? null : LossDoesNotRead(config),
        },
        TeacherKey("teacher", ConfigRule.Text(), "clip-vit-b16", "the imported teacher that scores the views"),
        TeacherKey("temp", ConfigRule.Positive(), 0.01, "softmax temperature over the teacher's cosine similarities"),
        TeacherKey("eta", ConfigRule.Fraction(), 0.3, "cap on the bar a tile must clear for its maximum to count"),
        TeacherKey("threshold", ConfigRule.Fraction(), 0.5, "a pseudo-positive's aggregated score must reach this"),
        TeacherKey("grid_size", ConfigRule.Integer(1), 4, "G: the teacher scores the whole image and G×G tiles"),
        TeacherKey("variants", ConfigRule.Integer(1), 2, "scored states of each view: 2 is both flip states (the released code's augmentation)"),
        TeacherKey("top_k", ConfigRule.Integer(1), 3, "at most this many pseudo-positives per image"),
        TeacherKey("negative_ratio", ConfigRule.Fraction(), 0.3, "the ⌊ratio·C⌋ lowest-scored classes become pseudo-negatives (0: none, as the released code)"),
        TeacherKey("sparse_topk", ConfigRule.Integer(1), null,
            "label-relation refinement: each class keeps its sparse_topk strongest relations (unset: all)"),
        TeacherKey("reweight_p", ConfigRule.Fraction(), 0.2, "label-relation refinement: the weight of the other classes (the class itself keeps 1 − p)"),
        TeacherKey("pl_views", ConfigNames.PseudoLabelViews.Rule, "damp", "damp; or global: the whole-image view alone (an ablation)"),
    ];

    /// <summary>Keys of the released configs that the platform accepts and does not use: they describe the machine the
    /// released code ran on or how it built its teacher, or the released code itself does not read them.</summary>
    public static readonly IReadOnlyList<IgnoredKey> Ignored =
    [
        new("gpu_num", "the platform schedules devices itself"),
        new("save_path", "artifacts go to blob storage under runs/{runId}/"),
        new("exp_name", "the run name comes from the request"),
        new("experiment_name", "the run name comes from the request"),
        new("config_file", "the config comes from configs/{dataset}.json and the request"),
        new("classnames", "class names come from the dataset manifest"),
        new("relation", "label relations come from the teacher's relation.npy"),
        new("clip_model", "the teacher is the imported one named by 'teacher'; its teacher.json says what it is"),
        new("clip_weight", "the teacher is the imported one named by 'teacher'"),
        new("source", "the teacher is the imported one named by 'teacher'"),
        new("n_ctx", "the teacher's class embeddings are imported with it (the released code's prompt is fixed too)"),
        new("ctx_init", "the teacher's class embeddings are imported with it (the released code's prompt is fixed too)"),
        new("lam_1", "the released code overwrites it with lam[0]; lam is used"),
        new("lam_2", "the released code overwrites it with lam[1]; lam is used"),
        new("T", "it only feeds a relation matrix the released code never uses"),
        new("use_refinement", "the released code never reads it; a teacher with relation.npy is always refined"),
    ];

    public static readonly IReadOnlyDictionary<string, ConfigKey> Fields = Keys.ToDictionary(key => key.Name);

    public static readonly IReadOnlyDictionary<string, string> IgnoredReasons = Ignored.ToDictionary(key => key.Name, key => key.Reason);

    /// <summary>Every key that has a default, at its default.</summary>
    public static JsonObject Defaults() => new(Keys.Where(key => key.Default is not null)
        .Select(key => KeyValuePair.Create(key.Name, (JsonNode?)key.Default!.DeepClone())));

    private static ConfigKey GprKey(string name, ConfigRule rule, JsonNode value, string meaning) =>
        new(name, rule, value, meaning) { UnusedBecause = config => config.Loss == Loss.Gpr ? null : LossDoesNotRead(config) };

    private static ConfigKey TeacherKey(string name, ConfigRule rule, JsonNode? value, string meaning) =>
        new(name, rule, value, meaning)
        {
            UnusedBecause = config => config.NeedsTeacher ? null
                : string.Format(TeacherStage, ConfigNames.Losses.Of(config.Loss), config.UsePseudoLabels ? "true" : "false"),
        };

    private static string LossDoesNotRead(RunConfig config) => $"loss {ConfigNames.Losses.Of(config.Loss)} does not read it";
}
