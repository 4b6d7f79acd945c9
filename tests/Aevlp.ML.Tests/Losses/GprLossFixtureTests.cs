using Aevlp.Configuration;
using Aevlp.ML.Losses;
using Aevlp.ML.Tests.Fixtures;

namespace Aevlp.ML.Tests.Losses;

[Trait("Category", "Fixtures")]
public class GprLossFixtureTests
{
    private const string FileName = "gpr_loss.json";

    public static TheoryData<string> Cases => FixtureFile.CaseNames(FileName);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Loss_and_gradient_match(string name)
    {
        var file = FixtureFile.Load(FileName);
        var testCase = file.Cases[name];
        var p = testCase.GetProperty("params");
        var weights = new GprWeights(Json.Number(p, "w"), Json.Number(p, "b"), Json.Number(p, "mu"), Json.Number(p, "sigma"));
        var settings = new GprSettings(Json.Number(p, "q2"), Json.Number(p, "q3"), Json.Number(p, "rho"),
            Json.Number(p, "lam1"), Json.Number(p, "lam2"), Json.Number(p, "reg"), p.GetProperty("use_pl").GetBoolean());
        var options = new LossOptions(Json.Number(p, "expected_num_pos"), LabelSmoothing: 0) { GprWeights = weights, Gpr = settings };

        LossCheck.Matches(file, testCase, logits => LossSelector.Compute(Loss.Gpr, new LossBatch(
            logits, Json.Float32(testCase.GetProperty("observed")))
        {
            Pseudo = Json.Float32(testCase.GetProperty("pseudo")),
        }, options));
    }
}
