using Aevlp.ML.Metrics;
using Aevlp.ML.Tests.Fixtures;

namespace Aevlp.ML.Tests.Metrics;

[Trait("Category", "Fixtures")]
public class MapFixtureTests
{
    private const string FileName = "map.json";

    public static TheoryData<string> Cases => FixtureFile.CaseNames(FileName);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Class_ap_and_map_match(string name)
    {
        var file = FixtureFile.Load(FileName);
        var testCase = file.Cases[name];

        var actual = AveragePrecision.Compute(
            Json.Doubles(testCase.GetProperty("scores")), Json.Labels(testCase.GetProperty("truth")));

        var tolerance = file.ToleranceOf(testCase);
        double atol = Json.Number(tolerance, "atol"), rtol = Json.Number(tolerance, "rtol");
        Tolerance.AllClose(Json.Flat(testCase.GetProperty("expected_ap")), actual.ClassPercent, atol, rtol, "AP");
        Tolerance.Close(Json.Number(testCase, "expected_map"), actual.MeanPercent, atol, rtol, "mAP");
    }
}
