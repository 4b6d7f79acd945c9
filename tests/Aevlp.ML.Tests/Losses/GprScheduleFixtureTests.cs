using Aevlp.ML.Losses;
using Aevlp.ML.Tests.Fixtures;

namespace Aevlp.ML.Tests.Losses;

[Trait("Category", "Fixtures")]
public class GprScheduleFixtureTests
{
    private const string FileName = "schedules.json";

    public static TheoryData<string> Cases => FixtureFile.CaseNames(FileName);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Weights_match(string name)
    {
        var file = FixtureFile.Load(FileName);
        var testCase = file.Cases[name];
        var schedule = GprSchedule.FromConfig(Json.Flat(testCase.GetProperty("beta")), Json.Flat(testCase.GetProperty("alpha")));

        var actual = schedule.At(testCase.GetProperty("epoch").GetInt32(),
            testCase.GetProperty("num_epochs").GetInt32(), testCase.GetProperty("linear_init").GetInt32());

        var expected = testCase.GetProperty("expected");
        var tolerance = file.ToleranceOf(testCase);
        double atol = Json.Number(tolerance, "atol"), rtol = Json.Number(tolerance, "rtol");
        Tolerance.Close(Json.Number(expected, "w"), actual.W, atol, rtol, "w");
        Tolerance.Close(Json.Number(expected, "b"), actual.B, atol, rtol, "b");
        Tolerance.Close(Json.Number(expected, "mu"), actual.Mu, atol, rtol, "mu");
        Tolerance.Close(Json.Number(expected, "sigma"), actual.Sigma, atol, rtol, "sigma");
    }
}
