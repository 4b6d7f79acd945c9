using System.Globalization;
using System.Text.Json.Nodes;
using Aevlp.ML.Losses;
using Aevlp.ML.PseudoLabels;

namespace Aevlp.ML.Training;

/// <summary>Maps a resolved run config (the released AEVLP keys plus the platform's, validated by the registry)
/// onto <see cref="TrainingOptions"/>. A key the loop needs but the config lacks is named in the error.</summary>
public static class TrainingConfig
{
    public static TrainingOptions ToOptions(JsonObject config)
    {
        string loss = Text(config, "loss");
        bool usePl = Flag(config, "use_pl", true);
        var options = new TrainingOptions
        {
            Architecture = Text(config, "arch"),
            ImageSize = Integer(config, "image_size"),
            Epochs = Integer(config, "num_epochs"),
            BatchSize = Integer(config, "bsize"),
            LearningRate = Number(config, "lr"),
            LearningRateMultiplier = Number(config, "lr_mult"),
            LinearInit = Integer(config, "linear_init", 0),
            Loss = loss,
            LossOptions = new LossOptions(Number(config, "expected_num_pos"))
            {
                Gpr = IsGpr(loss)
                    ? GprSettings.FromConfig(Numbers(config, "q2q3"), Numbers(config, "lam"), Number(config, "rho"), Number(config, "reg"), usePl)
                    : null,
            },
            GprSchedule = IsGpr(loss) ? GprSchedule.FromConfig(Numbers(config, "beta"), Numbers(config, "alpha")) : null,
            LargeLossDeltaRel = Number(config, "delta_rel", 0.1),
            PseudoLabels = usePl || loss == "an_pl"
                ? new PseudoLabelSettings(Number(config, "temp"), Number(config, "eta"), Integer(config, "top_k"),
                    Number(config, "threshold"), Number(config, "negative_ratio"))
                : null,
            ViewAggregation = Text(config, "pl_views", "damp") == "global" ? ViewAggregation.GlobalViewOnly : ViewAggregation.Damp,
            Seed = Integer(config, "seed", 1200),
            Device = Text(config, "device", "auto"),
            Threads = Integer(config, "threads", 0),
            LoaderWorkers = Math.Max(1, Integer(config, "num_workers", 2)),
        };
        // GPR without pseudo-labels trains on observed labels alone (spec §3, use_pl false).
        return usePl || !IsGpr(loss) ? options : options with { PseudoLabels = null };
    }

    /// <summary>The train/val split of the official train set (spec §1).</summary>
    public static (double ValFraction, int SplitSeed) Split(JsonObject config) =>
        (Number(config, "val_frac", 0.2), Integer(config, "split_seed", 1200));

    private static bool IsGpr(string loss) => loss is "gpr" or "gpr_loss";

    private static JsonNode Required(JsonObject config, string key) =>
        config[key] ?? throw new ArgumentException($"config.{key}: missing; the trainer needs it");

    private static string Text(JsonObject config, string key, string? fallback = null) =>
        config[key] is null && fallback is not null ? fallback : Required(config, key).GetValue<string>();

    private static bool Flag(JsonObject config, string key, bool fallback) => config[key]?.GetValue<bool>() ?? fallback;

    private static double Number(JsonObject config, string key, double? fallback = null) =>
        config[key] is null && fallback is not null ? fallback.Value : ToDouble(Required(config, key), key);

    private static int Integer(JsonObject config, string key, int? fallback = null) =>
        (int)Number(config, key, fallback);

    private static double[] Numbers(JsonObject config, string key) =>
        Required(config, key).AsArray().Select(node => ToDouble(node!, key)).ToArray();

    private static double ToDouble(JsonNode node, string key) =>
        double.TryParse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"config.{key}: got {node.ToJsonString()}; expected a number");
}
