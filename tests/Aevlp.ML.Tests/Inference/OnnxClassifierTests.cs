using Aevlp.Configuration;
using Aevlp.ML.Images;
using Aevlp.ML.Inference;
using Aevlp.ML.Models;
using Aevlp.ML.Onnx;
using Aevlp.ML.Tests.Onnx;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using static TorchSharp.torch;

namespace Aevlp.ML.Tests.Inference;

[Collection(LibTorchGlobalState.Name)]
public class OnnxClassifierTests
{
    private const int ImageSize = 32;

    [Fact]
    public void Scores_image_files_as_the_TorchSharp_model_does_on_whatever_provider_Detect_picks()
    {
        using var temp = new TempDirectory();
        using var scope = NewDisposeScope();
        manual_seed(5);
        using var model = Architectures.Create(Architecture.SmallCnn, classes: 3);
        BatchNormCalibration.Calibrate(model, randn(8, 3, ImageSize, ImageSize));
        var manifest = ModelManifest.Create(Architecture.SmallCnn, ["a", "b", "c"], ImageSize, ImageNormalization.ImageNet);
        WriteModel(temp.Path, model, manifest);
        var images = new[] { WriteImage(temp.Path, "red.png", new Rgb24(200, 30, 30)), WriteImage(temp.Path, "grey.png", new Rgb24(90, 90, 90)) };

        var execution = OnnxExecution.Detect(preferCuda: true);
        using var classifier = OnnxClassifier.Open(temp.Path, execution);
        double[] actual = classifier.Predict(images);

        Assert.Equal(execution.Provider == ExecutionProvider.Cuda, execution.Reason.StartsWith("CUDA provider loaded", StringComparison.Ordinal));
        float[] expected = TorchProbabilities(model, images, manifest);
        Assert.Equal(expected.Length, actual.Length);
        Assert.All(expected.Zip(actual), pair => Assert.InRange(Math.Abs(pair.First - pair.Second), 0, 1e-5));
    }

    private static void WriteModel(string folder, MultiLabelClassifier model, ModelManifest manifest)
    {
        using (var onnx = File.Create(Path.Combine(folder, ModelManifest.OnnxFileName))) OnnxExporter.Export(model, ImageSize, onnx);
        using var card = File.Create(Path.Combine(folder, ModelManifest.FileName));
        manifest.Write(card);
    }

    private static string WriteImage(string folder, string name, Rgb24 colour)
    {
        var path = Path.Combine(folder, name);
        using var image = new Image<Rgb24>(48, 40, colour);
        image[5, 7] = new Rgb24(0, 255, 0);
        image.SaveAsPng(path);
        return path;
    }

    // The training pipeline's own preprocessing, then TorchSharp: what the ONNX model must reproduce.
    private static float[] TorchProbabilities(nn.Module<Tensor, Tensor> model, string[] images, ModelManifest manifest)
    {
        int pixels = 3 * ImageSize * ImageSize;
        var input = new float[images.Length * pixels];
        for (int i = 0; i < images.Length; i++)
        {
            using var image = ImageDecoding.Load(images[i]);
            using var resized = ImageTransforms.CropResize(image, null, ImageSize);
            ImageTransforms.WriteChw(resized, flip: false, manifest.Normalization, input.AsSpan(i * pixels, pixels));
        }
        model.eval();
        using var _ = no_grad();
        return sigmoid(model.call(tensor(input, [images.Length, 3, ImageSize, ImageSize]))).data<float>().ToArray();
    }
}
