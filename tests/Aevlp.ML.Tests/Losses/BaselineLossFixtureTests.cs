using Aevlp.Configuration;
using Aevlp.ML.Losses;
using Aevlp.ML.Tests.Fixtures;

namespace Aevlp.ML.Tests.Losses;

[Trait("Category", "Fixtures")]
public class BaselineLossFixtureTests
{
    private const string FileName = "baseline_losses.json";

    public static TheoryData<string> Cases => FixtureFile.CaseNames(FileName);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Loss_and_gradient_match(string name)
    {
        var file = FixtureFile.Load(FileName);
        var testCase = file.Cases[name];
        var p = testCase.GetProperty("params");
        var options = new LossOptions(Json.Number(p, "expected_num_pos"), Json.Number(p, "ls_coef"))
        {
            CleanRate = Json.Number(p, "clean_rate"),
        };

        LossCheck.Matches(file, testCase, logits => LossSelector.Compute(
            ConfigNames.Losses.Parse(testCase.GetProperty("loss").GetString()!),
            new LossBatch(logits, Json.Float32(testCase.GetProperty("observed")))
            {
                Truth = Json.Float32(testCase.GetProperty("truth")),
                Pseudo = Json.Float32(testCase.GetProperty("pseudo")),
            },
            options));
    }
}
