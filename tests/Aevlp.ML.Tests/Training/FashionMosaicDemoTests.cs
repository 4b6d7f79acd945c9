using Aevlp.ML.Data;
using Aevlp.ML.Images;
using Aevlp.ML.Models;
using Aevlp.ML.Onnx;
using Aevlp.ML.Tests.Onnx;
using Aevlp.ML.Training;
using static TorchSharp.torch;

namespace Aevlp.ML.Tests.Training;

/// <summary>
/// The embedded demo end to end from library calls: fashion mosaics → fine-tune the packaged ImageNet ResNet-18
/// (resnet18-dnn) with GPR + DAMP for two epochs → ONNX model + model.json → ONNX Runtime agrees with TorchSharp on
/// real test images preprocessed as model.json says. The teacher logits are synthetic (the teacher service lives elsewhere).
/// </summary>
[Collection(LibTorchGlobalState.Name)]
public class FashionMosaicDemoTests
{
    [Fact]
    public async Task Pretrained_backbone_fine_tunes_and_exports_a_parity_checked_model()
    {
        using var folder = new TempDirectory();
        var manifest = FashionMosaicGenerator.Generate(
            new FashionMosaicOptions(CanvasSize: 64, TrainCount: 320, TestCount: 80, HeldOutPerClass: 0), folder.Sub("data"));
        var dataset = SpmlDatasetLoader.Load(folder.Sub("data"), Path.Combine(folder.Sub("data"), "images"));
        var (train, val) = dataset.SplitTrainVal(0.2, 1200);
        var data = new TrainingData(train, val, dataset.Test, manifest.Classes)
        {
            Teacher = SyntheticTeacher.For(train.Labels, views: 5, variants: 2, seed: 4),
        };
        var options = TrainingConfig.ToOptions(ShapesRun.Config with
        {
            Architecture = Architecture.ResNet18Dnn, UsePretrained = true, ImageSize = 64, Epochs = 2, BatchSize = 16, LearningRate = 3e-4,
            ExpectedPositives = 2.5, Threads = 0,
        });

        var result = await Trainer.RunAsync(data, options);
        using var model = result.Model;
        var exported = ModelManifest.Create(options.Architecture, manifest.Classes, options.ImageSize, Architectures.Normalization(options.Architecture));
        byte[] onnx = Export(model, exported, folder.Path);

        double chance = 100.0 * dataset.Test.Labels.Values.Average();
        Assert.True(result.TestMap!.MeanPercent > chance + 15, $"test mAP {result.TestMap.MeanPercent:F1}, chance ≈ {chance:F1}");
        using var reread = File.OpenRead(Path.Combine(folder.Path, ModelManifest.FileName));
        var manifestBack = ModelManifest.Read(reread);
        Assert.Equal(ChannelOrder.Bgr, manifestBack.ChannelOrder);
        Assert.Equal(manifest.Classes, manifestBack.Classes);
        await AssertParityOnTestImagesAsync(model, onnx, manifestBack, dataset.Test);
    }

    private static byte[] Export(MultiLabelClassifier model, ModelManifest manifest, string directory)
    {
        using (var json = File.Create(Path.Combine(directory, ModelManifest.FileName))) manifest.Write(json);
        using (var onnx = File.Create(Path.Combine(directory, ModelManifest.OnnxFileName)))
            OnnxExporter.Export(model, manifest.ImageSize, onnx);
        return File.ReadAllBytes(Path.Combine(directory, ModelManifest.OnnxFileName));
    }

    private static async Task AssertParityOnTestImagesAsync(MultiLabelClassifier model, byte[] onnx, ModelManifest manifest, SpmlSplit test)
    {
        var loader = new ImageBatchLoader(new ImageLoaderOptions(manifest.ImageSize, BatchSize: 8, Normalization: manifest.Normalization));
        await foreach (var batch in loader.ReadEpochAsync([test.FullImagePath(0), test.FullImagePath(1)], 0))
        {
            using (batch)
            {
                float[] expected;
                using (no_grad()) expected = model.call(batch.Images).data<float>().ToArray();
                float[] actual = OnnxRuntimeRunner.Run(onnx, manifest.Input, batch.Images);
                Assert.InRange(OnnxRuntimeRunner.MaxAbsDifference(expected, actual), 0, 1e-4);
            }
        }
    }
}
