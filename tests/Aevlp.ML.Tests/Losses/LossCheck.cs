using System.Text.Json;
using Aevlp.ML.Tests.Fixtures;
using static TorchSharp.torch;

namespace Aevlp.ML.Tests.Losses;

/// <summary>Runs a loss on a fixture case's logits and checks the value and d loss / d logits.</summary>
internal static class LossCheck
{
    public static void Matches(FixtureFile file, JsonElement testCase, Func<Tensor, Tensor> loss)
    {
        using var scope = NewDisposeScope();
        var logits = Json.Float32(testCase.GetProperty("logits")).requires_grad_();
        var value = loss(logits);
        value.backward();

        var tolerance = file.ToleranceOf(testCase);
        double rtol = Json.Number(tolerance, "rtol");
        Tolerance.Close(Json.Number(testCase, "expected_loss"), value.item<float>(),
            Json.Number(tolerance, "atol_loss"), rtol, "loss");
        Tolerance.AllClose(Json.Flat(testCase.GetProperty("expected_grad")),
            logits.grad!.to_type(float64).data<double>().ToArray(),
            Json.Number(tolerance, "atol_grad"), rtol, "grad");
    }
}
