using System.Text.Json.Nodes;
using Aevlp.Configuration;
using Aevlp.Registry.Configuration;

namespace Aevlp.Registry.Tests.Configuration;

public sealed class RunConfigResolverTests
{
    private static readonly DatasetFacts TenClasses = new("demo", Found: true, Classes: 10);

    public static TheoryData<string> ReferenceConfigs() => new(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "reference-configs"), "*.json"));

    [Theory]
    [MemberData(nameof(ReferenceConfigs))]
    public void Released_configs_load_unchanged_and_their_machine_keys_are_noted(string file)
    {
        var values = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        var classes = (int)values["num_classes"]!;

        var resolution = RunConfigResolver.Resolve(new DatasetFacts("released", true, classes), ConfigLayer.File("configs/released.json", values));

        Assert.Empty(resolution.Problems);
        Assert.Contains(resolution.Notes, note => note.StartsWith("configs/released.json:gpu_num is ignored", StringComparison.Ordinal));
        Assert.Equal(values["lr"]!.GetValue<double>(), resolution.Config["lr"]!.GetValue<double>());
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public void A_mistyped_value_names_the_field_the_value_and_the_expected_type()
    {
        var resolution = RunConfigResolver.Resolve(TenClasses, ConfigLayer.Request(new JsonObject { ["lr"] = "fast" }));

        var problem = Assert.Single(resolution.Problems);
        Assert.Equal("config.lr", problem.Field);
        Assert.Equal("got \"fast\" (a string); expected a number > 0", problem.Message);
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public void Every_bad_field_is_listed_with_its_allowed_range()
    {
        var overrides = new JsonObject
        {
            ["lr"] = 0, ["num_epochs"] = 0, ["bsize"] = -1, ["grid_size"] = 0, ["threshold"] = 1.5, ["temp"] = 0,
            ["loss"] = "hinge", ["arch"] = "vgg16", ["top_k"] = 11, ["beta"] = new JsonArray(1, 2), ["q2q3"] = new JsonArray(1, 2, 3),
            ["num_epoch"] = 3, ["pl_views"] = "tiles",
        };

        var problems = RunConfigResolver.Resolve(TenClasses, ConfigLayer.Request(overrides)).Problems.Select(p => p.ToString()).ToList();

        Assert.Equal(
        [
            "config.num_epoch: unknown key (did you mean 'num_epochs'?)",
            "config.arch: got \"vgg16\" (a string); expected one of small-cnn, resnet18, resnet50, resnet18-dnn",
            "config.num_epochs: got 0 (a number); expected an integer ≥ 1",
            "config.bsize: got -1 (a number); expected an integer ≥ 1",
            "config.lr: got 0 (a number); expected a number > 0",
            "config.loss: got \"hinge\" (a string); expected one of gpr, gpr_loss, bce, an, an_ls, wan, epr, role, an_pl, ll_r, ll_ct",
            "config.beta: got [1,2] (a list); expected a list of 4 numbers",
            "config.q2q3: got [1,2,3] (a list); expected a list of 2 numbers",
            "config.temp: got 0 (a number); expected a number > 0",
            "config.threshold: got 1.5 (a number); expected a number in [0, 1]",
            "config.grid_size: got 0 (a number); expected an integer ≥ 1",
            "config.pl_views: got \"tiles\" (a string); expected one of damp, global",
            "config.top_k: got 11; expected an integer ≤ num_classes (10)",
        ], problems);
    }

    [Theory]
    [Trait("Category", "BadInput")]
    [InlineData("lr", "-0.001", "got -0.001 (a number); expected a number > 0")]
    [InlineData("threshold", "-0.1", "got -0.1 (a number); expected a number in [0, 1]")]
    [InlineData("bsize", "\"16\"", "got \"16\" (a string); expected an integer ≥ 1")]
    [InlineData("num_epochs", "2.5", "got 2.5 (a number); expected an integer ≥ 1")]
    [InlineData("use_pl", "\"yes\"", "got \"yes\" (a string); expected true or false")]
    [InlineData("optimizer", "null", "got null; expected one of adam, sgd")]
    public void One_bad_value_is_one_problem_naming_the_value_and_what_was_expected(string key, string json, string message)
    {
        var resolution = RunConfigResolver.Resolve(TenClasses, ConfigLayer.Request(new JsonObject { [key] = JsonNode.Parse(json) }));

        Assert.Equal(new ConfigProblem($"config.{key}", message), Assert.Single(resolution.Problems));
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public void A_class_count_neither_configured_nor_in_the_manifest_is_missing()
    {
        var problem = Assert.Single(RunConfigResolver.Resolve(new DatasetFacts("bare", Found: true, Classes: null)).Problems);

        Assert.Equal("config.num_classes: missing and the dataset manifest lists no classes; expected an integer ≥ 1", problem.ToString());
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public void A_dataset_config_file_that_is_not_json_is_named()
    {
        var folder = Directory.CreateTempSubdirectory("aevlp-configs-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "broken.json"), "{ \"lr\": 0.1,");
            File.WriteAllText(Path.Combine(folder.FullName, "list.json"), "[1, 2]");
            var problems = new List<ConfigProblem>();

            Assert.Null(new ConfigDirectory(folder.FullName).Load("broken", problems));
            Assert.Null(new ConfigDirectory(folder.FullName).Load("list", problems));

            Assert.Equal(["configs/broken.json", "configs/list.json"], problems.Select(p => p.Field));
            Assert.StartsWith("not valid JSON: ", problems[0].Message);
            Assert.Equal("expected a JSON object of config keys", problems[1].Message);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public void Layers_apply_in_order_and_problems_name_the_layer_that_set_the_value()
    {
        var file = ConfigLayer.File("configs/demo.json", new JsonObject { ["bsize"] = 8, ["lr"] = 0.1, ["grid_size"] = "four" });
        var request = ConfigLayer.Request(new JsonObject { ["lr"] = 0.01 });
        var sweep = ConfigLayer.SweepPoint(new JsonObject { ["bsize"] = 0 });

        var resolution = RunConfigResolver.Resolve(TenClasses, file, request, sweep);

        Assert.Equal(0.01, resolution.Config["lr"]!.GetValue<double>());
        Assert.Equal(["sweep.bsize: got 0 (a number); expected an integer ≥ 1", "configs/demo.json:grid_size: got \"four\" (a string); expected an integer ≥ 1"],
            resolution.Problems.Select(p => p.ToString()));
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public void The_class_count_comes_from_the_dataset_and_must_agree_with_the_config()
    {
        Assert.Equal(10, RunConfigResolver.Resolve(TenClasses).Config["num_classes"]!.GetValue<int>());

        var problem = Assert.Single(RunConfigResolver.Resolve(TenClasses, ConfigLayer.Request(new JsonObject { ["num_classes"] = 80 })).Problems);
        Assert.Equal("config.num_classes: got 80; dataset demo has 10 classes", problem.ToString());
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public void Lambda_order_and_head_only_epochs_are_checked_against_each_other()
    {
        var overrides = new JsonObject { ["lam"] = new JsonArray(0.2, 0.8), ["linear_init"] = 8, ["num_epochs"] = 8 };

        var fields = RunConfigResolver.Resolve(TenClasses, ConfigLayer.Request(overrides)).Problems.Select(p => p.Field);

        Assert.Equal(["config.linear_init", "config.lam"], fields);
    }

    [Theory]
    [InlineData("fashion-mosaic", "fashion-mosaic", null)]
    [InlineData("fashion-mosaic@3", "fashion-mosaic", "3")]
    public void Dataset_references_name_an_optional_version(string text, string name, string? version) =>
        Assert.Equal(new DatasetReference(name, version), DatasetReference.TryParse(text));

    [Theory]
    [InlineData("")]
    [InlineData("Fashion Mosaic")]
    [InlineData("../etc@1")]
    [InlineData("coco@")]
    [Trait("Category", "BadInput")]
    public void Malformed_dataset_references_are_refused(string text) => Assert.Null(DatasetReference.TryParse(text));
}
