using Aevlp.ML.Images;
using Aevlp.ML.Onnx;

namespace Aevlp.ML.Models;

/// <summary>
/// The ImageNet ResNet-18 shipped inside NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18 (a CNTK export,
/// blocks [2, 2, 2, 3]), imported into a TorchSharp <see cref="ResNet"/>: a pretrained backbone with no download.
/// The project references the package and copies its .onnx files next to the assemblies.
/// </summary>
public static class DnnImageFeaturizerResNet18
{
    public static string ModelPath => Path.Combine(AppContext.BaseDirectory, "DnnImageModels", "ResNet18Onnx", "ResNet18.onnx");

    public static string PreprocessPath => Path.Combine(AppContext.BaseDirectory, "DnnImageModels", "ResNetPrepOnnx", "ResNetPreprocess.onnx");

    /// <summary>The backbone with the package's ImageNet weights.</summary>
    public static ResNet Load()
    {
        var backbone = ResNet.DnnImageFeaturizerLayout();
        OnnxResNetImporter.Import(ModelPath, backbone);
        return backbone;
    }

    /// <summary>
    /// The network's own preprocessing (ResNetPreprocess.onnx): BGR, 0–255, minus a 224×224 mean image. Other
    /// image sizes cannot use a per-pixel mean, so its per-channel average is subtracted instead (103.1, 115.9, 123.2;
    /// the mean image deviates from it by 3–6 grey levels on average, 13 at most).
    /// </summary>
    public static ImageNormalization Normalization()
    {
        var model = OnnxFiles.Read(PreprocessPath);
        using var meanImage = OnnxFiles.Initializer(model, "MeanImage", PreprocessPath);
        using var channelMeans = meanImage.mean([0, 2, 3]);
        float[] mean = channelMeans.data<float>().ToArray();
        return new ImageNormalization(mean, [1f, 1f, 1f], ChannelOrder.Bgr, PixelScale: 255f);
    }
}
