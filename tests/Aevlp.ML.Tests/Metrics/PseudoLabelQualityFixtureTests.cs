using Aevlp.ML.Metrics;
using Aevlp.ML.Tests.Fixtures;

namespace Aevlp.ML.Tests.Metrics;

[Trait("Category", "Fixtures")]
public class PseudoLabelQualityFixtureTests
{
    private const string FileName = "pseudo_label_quality.json";

    public static TheoryData<string> Cases => FixtureFile.CaseNames(FileName);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Precision_recall_and_f1_match(string name)
    {
        var file = FixtureFile.Load(FileName);
        var testCase = file.Cases[name];

        var actual = PseudoLabelQuality.Compute(Json.Labels(testCase.GetProperty("pseudo")),
            Json.Labels(testCase.GetProperty("observed")), Json.Labels(testCase.GetProperty("truth")));

        var expected = testCase.GetProperty("expected");
        var tolerance = file.ToleranceOf(testCase);
        double atol = Json.Number(tolerance, "atol"), rtol = Json.Number(tolerance, "rtol");
        Tolerance.Close(Json.Number(expected, "precision"), actual.Precision, atol, rtol, "precision");
        Tolerance.Close(Json.Number(expected, "recall"), actual.Recall, atol, rtol, "recall");
        Tolerance.Close(Json.Number(expected, "f1"), actual.F1, atol, rtol, "f1");
    }
}
