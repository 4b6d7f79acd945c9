using Aevlp.ML.PseudoLabels;
using Aevlp.ML.Tests.Fixtures;

namespace Aevlp.ML.Tests.PseudoLabels;

[Trait("Category", "Fixtures")]
public class DampFixtureTests
{
    private const string FileName = "damp.json";

    public static TheoryData<string> Cases => FixtureFile.CaseNames(FileName);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Labels_match_exactly(string name)
    {
        var testCase = FixtureFile.Load(FileName).Cases[name];
        var viewLogits = testCase.GetProperty("view_logits");
        var shape = Json.Shape(viewLogits);
        int grid = testCase.GetProperty("grid_size").GetInt32();
        Assert.Equal(1 + grid * grid, shape[1]);
        var p = testCase.GetProperty("params");
        var settings = new PseudoLabelSettings(Json.Number(p, "temp"), Json.Number(p, "eta"),
            p.GetProperty("top_k").GetInt32(), Json.Number(p, "threshold"), Json.Number(p, "negative_ratio"));

        var labels = PseudoLabeler.Generate(
            new ViewLogits(Json.Flat(viewLogits).Select(v => (float)v).ToArray(), shape[0], shape[1], shape[2]),
            ObservedPositives.ClassOf(Json.Labels(testCase.GetProperty("observed"))), settings);

        Assert.Equal(Json.Labels(testCase.GetProperty("expected")).Values, labels.Values);
    }
}
