using System.Text.Json.Nodes;

namespace Aevlp.Registry.Configuration;

/// <summary>Every key a run config may hold (the released AEVLP keys plus the platform's own), what each
/// accepts, and the defaults a run starts from before configs/{dataset}.json and the request's overrides.
/// See docs/method.md for what each key means.</summary>
public static class RunConfigSchema
{
    public static readonly IReadOnlyList<string> Architectures = ["small-cnn", "resnet18", "resnet50", "resnet18-dnn"];

    public static readonly IReadOnlyList<string> Losses = ["gpr", "gpr_loss", "bce", "an", "an_ls", "wan", "epr", "role", "an_pl", "ll_r", "ll_ct"];

    /// <summary>Keys of the released configs that describe the machine they ran on, not the run.</summary>
    public static readonly IReadOnlyDictionary<string, string> Ignored = new Dictionary<string, string>
    {
        ["gpu_num"] = "the platform schedules devices itself",
        ["save_path"] = "artifacts go to blob storage under runs/{runId}/",
        ["exp_name"] = "the run name comes from the request",
        ["experiment_name"] = "the run name comes from the request",
        ["config_file"] = "the config comes from configs/{dataset}.json and the request",
        ["classnames"] = "class names come from the dataset manifest",
        ["relation"] = "label relations come from the dataset",
    };

    public static readonly IReadOnlyDictionary<string, ConfigRule> Fields = new Dictionary<string, ConfigRule>
    {
        // Data and splits (method §1).
        ["dataset"] = ConfigRule.Text(),
        ["num_classes"] = ConfigRule.Integer(1),
        ["seed"] = ConfigRule.Integer(0),
        ["ss_seed"] = ConfigRule.Integer(0),
        ["ss_frac_train"] = ConfigRule.Fraction(),
        ["ss_frac_val"] = ConfigRule.Fraction(),
        ["use_feats"] = ConfigRule.Boolean(),
        ["val_frac"] = ConfigRule.Fraction(),
        ["split_seed"] = ConfigRule.Integer(0),
        ["train_set_variant"] = ConfigRule.OneOf("observed", "clean"),
        ["val_set_variant"] = ConfigRule.OneOf("clean", "observed"),
        ["num_workers"] = ConfigRule.Integer(0),
        // Classifier and training loop (method §2).
        ["arch"] = ConfigRule.OneOf([.. Architectures]),
        ["feat_dim"] = ConfigRule.Integer(1),
        ["freeze_feature_extractor"] = ConfigRule.Boolean(),
        ["use_pretrained"] = ConfigRule.Boolean(),
        ["num_epochs"] = ConfigRule.Integer(1),
        ["optimizer"] = ConfigRule.OneOf("adam", "sgd"),
        ["bsize"] = ConfigRule.Integer(1),
        ["lr"] = ConfigRule.Positive(),
        ["lr_mult"] = ConfigRule.Positive(),
        ["is_train"] = ConfigRule.Boolean(),
        ["linear_init"] = ConfigRule.Integer(0),
        ["image_size"] = ConfigRule.Integer(8),
        ["device"] = ConfigRule.OneOf("auto", "cpu", "cuda"),
        ["threads"] = ConfigRule.Integer(0),
        ["expected_num_pos"] = ConfigRule.Positive(),
        // Losses (method §3, §5).
        ["loss"] = ConfigRule.OneOf([.. Losses]),
        ["beta"] = ConfigRule.Numbers(4),
        ["alpha"] = ConfigRule.Numbers(4),
        ["q2q3"] = ConfigRule.Numbers(2),
        ["lam"] = ConfigRule.Numbers(2),
        ["lam_1"] = ConfigRule.Fraction(),
        ["lam_2"] = ConfigRule.Fraction(),
        ["rho"] = ConfigRule.Fraction(),
        ["reg"] = ConfigRule.NonNegative(),
        ["delta_rel"] = ConfigRule.NonNegative(),
        ["sparse_topk"] = ConfigRule.Integer(1),
        ["reweight_p"] = ConfigRule.Fraction(),
        ["T"] = ConfigRule.Positive(),
        // Teacher and DAMP pseudo-labels (method §4).
        ["use_pl"] = ConfigRule.Boolean(),
        ["teacher"] = ConfigRule.Text(),
        ["clip_model"] = ConfigRule.Text(),
        ["clip_weight"] = ConfigRule.Text(),
        ["source"] = ConfigRule.Text(),
        ["n_ctx"] = ConfigRule.Integer(1),
        ["ctx_init"] = ConfigRule.Text(),
        ["use_refinement"] = ConfigRule.Boolean(),
        ["temp"] = ConfigRule.Positive(),
        ["eta"] = ConfigRule.Fraction(),
        ["threshold"] = ConfigRule.Fraction(),
        ["grid_size"] = ConfigRule.Integer(1),
        ["variants"] = ConfigRule.Integer(1),
        ["top_k"] = ConfigRule.Integer(1),
        ["negative_ratio"] = ConfigRule.Fraction(),
        // The platform's ablation switch: DAMP, or the whole-image view alone.
        ["pl_views"] = ConfigRule.OneOf("damp", "global"),
    };

    /// <summary>The released COCO config (the paper's main setting) without its machine keys, plus the
    /// platform's own: top_k 3 (method §1) and two teacher variants per view, the flip's two states (method §4).</summary>
    public static JsonObject Defaults() => new()
    {
        ["seed"] = 1200, ["ss_seed"] = 999, ["ss_frac_train"] = 1.0, ["ss_frac_val"] = 1.0, ["use_feats"] = false,
        ["val_frac"] = 0.2, ["split_seed"] = 1200, ["train_set_variant"] = "observed", ["val_set_variant"] = "clean",
        ["num_workers"] = 4, ["arch"] = "resnet50", ["freeze_feature_extractor"] = false, ["use_pretrained"] = true,
        ["num_epochs"] = 8, ["optimizer"] = "adam", ["bsize"] = 16, ["lr"] = 1e-5, ["lr_mult"] = 10.0, ["is_train"] = false,
        ["linear_init"] = 0, ["image_size"] = 448, ["device"] = "auto", ["threads"] = 0,
        ["expected_num_pos"] = 2.9, ["loss"] = "gpr_loss", ["beta"] = new JsonArray(0, 10, -2, -8),
        ["alpha"] = new JsonArray(0.5, 2, 0.8, 0.5), ["q2q3"] = new JsonArray(0.01, 1), ["lam"] = new JsonArray(0.7, 0.5),
        ["rho"] = 0.9, ["reg"] = 0.001, ["use_pl"] = true, ["teacher"] = "clip-vit-b16", ["clip_model"] = "ViT-B/16",
        ["temp"] = 0.01, ["eta"] = 0.3, ["threshold"] = 0.5, ["grid_size"] = 4, ["variants"] = 2, ["top_k"] = 3,
        ["negative_ratio"] = 0.3,
    };
}
