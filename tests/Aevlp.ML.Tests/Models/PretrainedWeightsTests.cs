using System.Diagnostics;
using Aevlp.ML.Models;
using Aevlp.ML.Npy;
using static TorchSharp.torch;

namespace Aevlp.ML.Tests.Models;

[Collection(LibTorchGlobalState.Name)]
public class PretrainedWeightsTests
{
    /// <summary>
    /// PyTorch writes a torchvision ResNet-18 state dict (random weights, no download) and the pooled features of a
    /// fixed input; the TorchSharp backbone loaded from that file must give the same features.
    /// </summary>
    [PythonTorchFact]
    public void Torchvision_state_dict_from_torch_save_gives_the_same_features()
    {
        using var folder = new TempDirectory();
        string weights = folder.Sub("resnet18.pt"), features = folder.Sub("features.npy");
        RunPython($$"""
            import numpy, torch, torchvision
            torch.manual_seed(5)
            model = torchvision.models.resnet18(weights=None).eval()
            torch.save(model.state_dict(), "{{weights}}")
            x = torch.linspace(-2, 2, 2 * 3 * 64 * 64).reshape(2, 3, 64, 64)
            with torch.no_grad():
                f = torch.nn.Sequential(*list(model.children())[:-1])(x).flatten(1)
            numpy.save("{{features}}", f.numpy())
            """);

        using var scope = NewDisposeScope();
        using var model = Architectures.Create(Architectures.ResNet18, classes: 3, pretrainedWeights: weights);
        model.eval();
        var x = linspace(-2, 2, 2 * 3 * 64 * 64).reshape(2, 3, 64, 64);
        float[] actual;
        using (no_grad()) actual = MultiLabelClassifier.Pool(model.Backbone.call(x)).data<float>().ToArray();
        var expected = NpyFile.Read(features).As<float>();

        Assert.Equal(expected.Length, actual.Length);
        Assert.InRange(expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max(), 0, 1e-4);
    }

    [Fact]
    public void Missing_weights_file_is_named()
    {
        var error = Assert.Throws<ArgumentException>(() => Architectures.Create(Architectures.ResNet18, 3, "/nonexistent/w.pt"));

        Assert.Contains("pretrained_weights", error.Message);
        Assert.Contains("/nonexistent/w.pt", error.Message);
    }

    private static void RunPython(string script)
    {
        using var process = Process.Start(new ProcessStartInfo(PythonTorchFactAttribute.Python, ["-c", script])
        {
            RedirectStandardError = true,
        })!;
        string errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, errors);
    }
}
