using Aevlp.ML.Images;
using Aevlp.ML.Models;
using static TorchSharp.torch;

namespace Aevlp.ML.Tests.Onnx;

[Collection(LibTorchGlobalState.Name)]
public class DnnImageFeaturizerImportTests
{
    [Fact]
    public void Imported_backbone_gives_the_pooled_features_of_the_original_onnx()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var backbone = DnnImageFeaturizerResNet18.Load();
        backbone.eval();
        var images = randn(1, 3, 224, 224) * 60;   // BGR 0–255 minus the mean: roughly ±60 grey levels

        float[] expected = OnnxRuntimeRunner.Run(DnnImageFeaturizerResNet18.ModelPath, "Input247", images);
        float[] actual;
        using (no_grad()) actual = MultiLabelClassifier.Pool(backbone.call(images)).data<float>().ToArray();

        Assert.Equal(512, actual.Length);
        Assert.InRange(OnnxRuntimeRunner.MaxAbsDifference(expected, actual), 0, 1e-4);
    }

    [Fact]
    public void Normalization_is_the_packaged_preprocessing_per_channel()
    {
        var normalization = DnnImageFeaturizerResNet18.Normalization();

        Assert.Equal(ChannelOrder.Bgr, normalization.Order);
        Assert.Equal(255f, normalization.PixelScale);
        Assert.Equal([103.06f, 115.90f, 123.15f], normalization.Mean.Select(m => MathF.Round(m, 2)));
        Assert.All(normalization.Std, s => Assert.Equal(1f, s));
    }
}
