using Aevlp.Configuration;
using Aevlp.ML.Models;
using Aevlp.ML.Onnx;
using static TorchSharp.torch;

namespace Aevlp.ML.Tests.Onnx;

[Collection(LibTorchGlobalState.Name)]
public class OnnxExportParityTests
{
    private const double Tolerance = 1e-4;

    [Theory]
    [InlineData(Architecture.SmallCnn, 32)]
    [InlineData(Architecture.ResNet18, 64)]
    [InlineData(Architecture.ResNet50, 64)]
    [InlineData(Architecture.ResNet18Dnn, 64)]
    public void Exported_model_matches_TorchSharp_in_OnnxRuntime(Architecture arch, int imageSize)
    {
        using var scope = NewDisposeScope();
        manual_seed(11);
        // resnet18-dnn with its packaged ImageNet weights; the others random, their batch norms calibrated.
        bool packaged = arch == Architecture.ResNet18Dnn;
        using var model = Architectures.Create(arch, classes: 5, packaged ? BackboneWeights.PackagedWeights : BackboneWeights.Random);
        if (!packaged) BatchNormCalibration.Calibrate(model, randn(16, 3, imageSize, imageSize));
        var images = randn(3, 3, imageSize, imageSize);
        model.eval();
        float[] expected;
        using (no_grad()) expected = model.call(images).data<float>().ToArray();

        using var onnx = new MemoryStream();
        OnnxExporter.Export(model, imageSize, onnx);
        float[] actual = OnnxRuntimeRunner.Run(onnx.ToArray(), OnnxExporter.InputName, images);

        Assert.InRange(OnnxRuntimeRunner.MaxAbsDifference(expected, actual), 0, Tolerance);
    }

    [Fact]
    public void Exported_model_has_a_dynamic_batch()
    {
        using var scope = NewDisposeScope();
        using var model = Architectures.Create(Architecture.SmallCnn, classes: 2);
        model.eval();
        using var onnx = new MemoryStream();
        OnnxExporter.Export(model, 16, onnx);

        Assert.Equal(2 * 5, OnnxRuntimeRunner.Run(onnx.ToArray(), OnnxExporter.InputName, randn(5, 3, 16, 16)).Length);
        Assert.Equal(2 * 1, OnnxRuntimeRunner.Run(onnx.ToArray(), OnnxExporter.InputName, randn(1, 3, 16, 16)).Length);
    }
}
