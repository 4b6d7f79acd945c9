using System.Text.Json.Nodes;
using Aevlp.ML.PseudoLabels;
using Aevlp.ML.Training;

namespace Aevlp.ML.Tests.Training;

public sealed class TrainingConfigTests
{
    private static RunConfig DemoConfig() => RunConfigResolver.Resolve(new DatasetFacts("fashion-mosaic", Found: true, Classes: 10),
        ConfigLayer.File("configs/fashion-mosaic.json", JsonNode.Parse(File.ReadAllText(
            Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "configs", "fashion-mosaic.json")))!.AsObject())).Run!;

    [Fact]
    public void Pseudo_labels_come_from_damp_unless_pl_views_says_global()
    {
        var config = DemoConfig();
        Assert.Equal(ViewAggregation.Damp, TrainingConfig.ToOptions(config).ViewAggregation);

        var global = TrainingConfig.ToOptions(config with { PseudoLabelViews = PseudoLabelViews.Global });

        Assert.Equal(ViewAggregation.GlobalViewOnly, global.ViewAggregation);
        Assert.NotNull(global.PseudoLabels);
    }
}
