using System.Text.Json.Nodes;
using Aevlp.ML.PseudoLabels;
using Aevlp.ML.Training;

namespace Aevlp.ML.Tests.Training;

public sealed class TrainingConfigTests
{
    private static JsonObject DemoConfig() => JsonNode.Parse(File.ReadAllText(
        Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "configs", "fashion-mosaic.json")))!.AsObject();

    [Fact]
    public void Pseudo_labels_come_from_damp_unless_pl_views_says_global()
    {
        var config = DemoConfig();
        Assert.Equal(ViewAggregation.Damp, TrainingConfig.ToOptions(config).ViewAggregation);

        config["pl_views"] = "global";
        var global = TrainingConfig.ToOptions(config);

        Assert.Equal(ViewAggregation.GlobalViewOnly, global.ViewAggregation);
        Assert.NotNull(global.PseudoLabels);
    }
}
