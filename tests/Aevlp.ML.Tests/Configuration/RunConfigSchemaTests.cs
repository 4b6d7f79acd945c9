using System.Text.Json;
using System.Text.Json.Nodes;
using Aevlp.ML.Data;
using Aevlp.ML.Training;

namespace Aevlp.ML.Tests.Configuration;

/// <summary>Every key of the schema either acts or is refused: changing it from its default changes what the run does (the
/// training options, the train/val split, the teacher stage) or makes the request invalid; the released keys the platform
/// does not use are noted on the run. A key added to the schema without an entry here fails the first test.</summary>
public class RunConfigSchemaTests
{
    private const int Classes = 10;

    private enum Effect
    {
        /// <summary>The trainer's <see cref="TrainingOptions"/> change.</summary>
        TrainingOptions,

        /// <summary>The rows or labels of the train and val splits change.</summary>
        Splits,

        /// <summary>The teacher stage (<see cref="TeacherPass"/>) changes.</summary>
        TeacherStage,

        /// <summary>Any other value than the accepted one is a problem.</summary>
        Refused,

        /// <summary>The registry routes on it; the typed config carries the new value to the service that uses it.</summary>
        Routed,
    }

    /// <summary>Per key: a value other than the default, what it changes, and the keys that make it matter (a loss-specific key
    /// acts only under its loss).</summary>
    private static readonly Dictionary<string, (string Value, Effect Effect, string Context)> Cases = new()
    {
        ["dataset"] = ("\"other\"", Effect.Routed, "{}"),                         // RunRequestValidator resolves it (RunRequestTests)
        ["num_classes"] = ("11", Effect.Refused, "{}"),                           // checked against the dataset's 10
        ["seed"] = ("7", Effect.TrainingOptions, "{}"),
        ["ss_seed"] = ("7", Effect.Splits, "{\"ss_frac_train\": 0.5}"),
        ["ss_frac_train"] = ("0.5", Effect.Splits, "{}"),
        ["ss_frac_val"] = ("0.5", Effect.Splits, "{}"),
        ["use_feats"] = ("true", Effect.Refused, "{}"),
        ["val_frac"] = ("0.3", Effect.Splits, "{}"),
        ["split_seed"] = ("7", Effect.Splits, "{}"),
        ["train_set_variant"] = ("\"clean\"", Effect.Splits, "{}"),
        ["val_set_variant"] = ("\"observed\"", Effect.Splits, "{}"),
        ["num_workers"] = ("2", Effect.TrainingOptions, "{}"),
        ["arch"] = ("\"resnet18\"", Effect.TrainingOptions, "{}"),
        ["feat_dim"] = ("512", Effect.Refused, "{}"),                              // resnet50 has 2048
        ["freeze_feature_extractor"] = ("true", Effect.TrainingOptions, "{}"),
        ["use_pretrained"] = ("false", Effect.TrainingOptions, "{}"),
        ["pretrained_weights"] = ("\"mine\"", Effect.Routed, "{}"),              // RunInputs fetches weights/{name}/ (PlatformPascalTests)
        ["num_epochs"] = ("3", Effect.TrainingOptions, "{}"),
        ["optimizer"] = ("\"sgd\"", Effect.TrainingOptions, "{}"),
        ["bsize"] = ("4", Effect.TrainingOptions, "{}"),
        ["lr"] = ("0.001", Effect.TrainingOptions, "{}"),
        ["lr_mult"] = ("2", Effect.TrainingOptions, "{}"),
        ["is_train"] = ("true", Effect.Refused, "{}"),
        ["linear_init"] = ("1", Effect.TrainingOptions, "{}"),
        ["image_size"] = ("224", Effect.TrainingOptions, "{}"),
        ["device"] = ("\"cpu\"", Effect.TrainingOptions, "{}"),
        ["threads"] = ("1", Effect.TrainingOptions, "{}"),
        ["expected_num_pos"] = ("1.5", Effect.TrainingOptions, "{}"),
        ["loss"] = ("\"an\"", Effect.TrainingOptions, "{}"),
        ["beta"] = ("[0, 2, -2, -2]", Effect.TrainingOptions, "{}"),
        ["alpha"] = ("[0.5, 1, 0.8, 0.5]", Effect.TrainingOptions, "{}"),
        ["q2q3"] = ("[0.01, 1.5]", Effect.TrainingOptions, "{}"),
        ["lam"] = ("[0.8, 0.2]", Effect.TrainingOptions, "{}"),
        ["rho"] = ("0.5", Effect.TrainingOptions, "{}"),
        ["reg"] = ("0.05", Effect.TrainingOptions, "{}"),
        ["delta_rel"] = ("0.2", Effect.TrainingOptions, "{\"loss\": \"ll_r\"}"),
        ["ls_coef"] = ("0.2", Effect.TrainingOptions, "{\"loss\": \"an_ls\"}"),
        ["use_pl"] = ("false", Effect.TrainingOptions, "{}"),
        ["teacher"] = ("\"other\"", Effect.TeacherStage, "{}"),
        ["temp"] = ("0.1", Effect.TrainingOptions, "{}"),
        ["eta"] = ("0.1", Effect.TrainingOptions, "{}"),
        ["threshold"] = ("0.2", Effect.TrainingOptions, "{}"),
        ["grid_size"] = ("2", Effect.TeacherStage, "{}"),
        ["variants"] = ("1", Effect.TeacherStage, "{}"),
        ["top_k"] = ("2", Effect.TrainingOptions, "{}"),
        ["negative_ratio"] = ("0", Effect.TrainingOptions, "{}"),
        ["sparse_topk"] = ("5", Effect.TeacherStage, "{}"),
        ["reweight_p"] = ("0.5", Effect.TeacherStage, "{}"),
        ["pl_views"] = ("\"global\"", Effect.TrainingOptions, "{}"),
    };

    [Fact]
    public void Every_key_has_a_case_and_every_released_key_is_known()
    {
        Assert.Equal(RunConfigSchema.Keys.Select(k => k.Name).Order(StringComparer.Ordinal), Cases.Keys.Order(StringComparer.Ordinal));
        foreach (var released in Directory.GetFiles(Path.Combine(RepositoryRoot(), "configs", "reference"), "*.json"))
        {
            var unknown = JsonNode.Parse(File.ReadAllText(released))!.AsObject().Select(entry => entry.Key)
                .Where(key => !RunConfigSchema.Fields.ContainsKey(key) && !RunConfigSchema.IgnoredReasons.ContainsKey(key));
            Assert.Empty(unknown);
        }
    }

    public static TheoryData<string> Keys() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Keys))]
    public void Changing_a_key_changes_what_the_run_does_or_is_refused(string key)
    {
        var (value, effect, context) = Cases[key];
        var before = Resolve(context, null);
        var after = Resolve(context, (key, value));

        if (effect == Effect.Refused)
        {
            Assert.Empty(before.Problems);
            Assert.Contains(after.Problems, problem => problem.Field == $"config.{key}");
            return;
        }
        Assert.Empty(after.Problems);
        var (old, changed) = (before.Run!, after.Run!);
        switch (effect)
        {
            case Effect.TrainingOptions:
                Assert.NotEqual(Options(old), Options(changed));
                break;
            case Effect.Splits:
                Assert.NotEqual(Splits(old), Splits(changed));
                break;
            case Effect.TeacherStage:
                Assert.NotNull(changed.TeacherPass);
                Assert.NotEqual(old.TeacherPass, changed.TeacherPass);
                break;
            case Effect.Routed:
                Assert.NotEqual(old, changed);
                break;
        }
    }

    [Fact]
    public void Every_default_comes_from_the_schema()
    {
        var defaults = RunConfig.Defaults("d", Classes);
        var schema = RunConfigSchema.Defaults();

        Assert.Equal(schema["bsize"]!.GetValue<int>(), defaults.BatchSize);
        Assert.Equal(schema["num_workers"]!.GetValue<int>(), TrainingConfig.ToOptions(defaults, "/w.pth").LoaderWorkers);
        Assert.Equal(schema["expected_num_pos"]!.GetValue<double>(), TrainingConfig.ToOptions(defaults, "/w.pth").LossOptions.ExpectedPositives);
        Assert.All(RunConfigSchema.Keys.Where(k => k.Default is null), key => Assert.False(schema.ContainsKey(key.Name)));
    }

    /// <summary>docs/configuration.md lists every key with the schema's default, and every ignored key.</summary>
    [Fact]
    public void The_configuration_page_lists_every_key_with_its_default()
    {
        var rows = File.ReadLines(Path.Combine(RepositoryRoot(), "docs", "configuration.md"))
            .Where(line => line.StartsWith("| `", StringComparison.Ordinal))
            .Select(line => line.Split('|', StringSplitOptions.TrimEntries))
            .ToList();
        var documented = rows.Where(cells => cells.Length == 6).ToDictionary(cells => cells[1].Trim('`'), cells => cells[2]);
        var ignored = rows.Where(cells => cells.Length == 4).SelectMany(cells => cells[1].Split(", ").Select(key => key.Trim('`'))).ToList();

        Assert.Equal(RunConfigSchema.Keys.Select(k => k.Name).Order(StringComparer.Ordinal), documented.Keys.Order(StringComparer.Ordinal));
        foreach (var key in RunConfigSchema.Keys)
        {
            var expected = key.Default is null ? "—" : $"`{key.Default.ToJsonString()}`";
            Assert.True(JsonEquivalent(expected, documented[key.Name]), $"{key.Name}: documented {documented[key.Name]}, schema {expected}");
        }
        Assert.Equal(RunConfigSchema.Ignored.Select(k => k.Name).Order(StringComparer.Ordinal), ignored.Order(StringComparer.Ordinal));
    }

    private static bool JsonEquivalent(string expected, string documented) =>
        expected == documented || (expected != "—" && documented != "—"
            && JsonNode.DeepEquals(JsonNode.Parse(expected.Trim('`')), JsonNode.Parse(documented.Trim('`'))));

    private static ConfigResolution Resolve(string context, (string Key, string Value)? change)
    {
        var request = JsonNode.Parse(context)!.AsObject();
        if (change is { } c && c.Key != "dataset") request[c.Key] = JsonNode.Parse(c.Value);
        var dataset = change is { Key: "dataset" } ? "other" : "d";
        return RunConfigResolver.Resolve(new DatasetFacts(dataset, Found: true, Classes), ConfigLayer.Request(request));
    }

    private static string Options(RunConfig config) => JsonSerializer.Serialize(TrainingConfig.ToOptions(config, "/w.pth"));

    private static string Splits(RunConfig config)
    {
        var splits = TrainingSplits.Of(Official(), config);
        return JsonSerializer.Serialize(new { splits.TrainRows, Val = splits.Val.ImagePaths, Observed = splits.Train.ObservedLabels.Values, ValLabels = splits.Val.Labels.Values });
    }

    /// <summary>60 images; image i is positive for class i % 10 and (i + 1) % 10, observed for the first.</summary>
    private static SpmlSplit Official()
    {
        const int n = 60;
        var (labels, observed) = (new float[n * Classes], new float[n * Classes]);
        for (int i = 0; i < n; i++)
        {
            labels[i * Classes + i % Classes] = observed[i * Classes + i % Classes] = 1;
            labels[i * Classes + (i + 1) % Classes] = 1;
        }
        return new SpmlSplit("/images", [.. Enumerable.Range(0, n).Select(i => $"{i}.png")], new LabelMatrix(n, Classes, labels), new LabelMatrix(n, Classes, observed));
    }

    private static string RepositoryRoot() => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", ".."));
}
