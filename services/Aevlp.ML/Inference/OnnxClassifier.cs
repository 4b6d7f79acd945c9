using Aevlp.ML.Images;
using Aevlp.ML.Onnx;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Aevlp.ML.Inference;

/// <summary>An exported classifier (<c>model.onnx</c> + <c>model.json</c>) run with ONNX Runtime: images in,
/// per-class probabilities out. The evaluator scores test splits with it and the CLI predicts with it, so both
/// see exactly what a user deploying the ONNX file would.</summary>
public sealed class OnnxClassifier : IDisposable
{
    private readonly InferenceSession session;

    /// <param name="execution">CPU when not given; the evaluator passes what <see cref="OnnxExecution.Detect"/> found.</param>
    public OnnxClassifier(string modelPath, ModelManifest manifest, OnnxExecution? execution = null)
    {
        Manifest = manifest;
        using var options = (execution ?? OnnxExecution.Cpu()).CreateSessionOptions();
        try
        {
            session = new InferenceSession(modelPath, options);
        }
        catch (OnnxRuntimeException error)
        {
            throw new InvalidDataException($"{modelPath}: not a readable ONNX model: {error.Message.Split('\n', 2)[0]}", error);
        }
        if (!session.InputMetadata.ContainsKey(manifest.Input))
        {
            throw new InvalidDataException($"{modelPath}: no input named '{manifest.Input}' (model.json says so); inputs: {string.Join(", ", session.InputMetadata.Keys)}");
        }
    }

    public ModelManifest Manifest { get; }

    /// <summary>Loads <c>model.onnx</c> and <c>model.json</c> from one folder.</summary>
    public static OnnxClassifier Open(string folder, OnnxExecution? execution = null)
    {
        var manifestPath = Path.Combine(folder, ModelManifest.FileName);
        using var manifest = File.OpenRead(manifestPath);
        return new OnnxClassifier(Path.Combine(folder, ModelManifest.OnnxFileName), ModelManifest.Read(manifest), execution);
    }

    /// <summary>Probabilities [images, classes], row-major, double so that AP sees the model's ties and no others.</summary>
    public double[] Predict(IReadOnlyList<string> imagePaths)
    {
        int size = Manifest.ImageSize, classes = Manifest.Classes.Count, pixels = 3 * size * size;
        var input = new DenseTensor<float>([imagePaths.Count, 3, size, size]);
        var buffer = input.Buffer;
        Parallel.For(0, imagePaths.Count, i =>
        {
            using var image = ImageDecoding.Load(imagePaths[i]);
            using var resized = ImageTransforms.CropResize(image, null, size);
            ImageTransforms.WriteChw(resized, flip: false, Manifest.Normalization, buffer.Span.Slice(i * pixels, pixels));
        });
        using var outputs = session.Run([NamedOnnxValue.CreateFromTensor(Manifest.Input, input)]);
        var logits = outputs.Single(o => o.Name == Manifest.Output).AsEnumerable<float>().ToArray();
        if (logits.Length != imagePaths.Count * classes)
        {
            throw new InvalidDataException($"model output has {logits.Length} values for {imagePaths.Count} images; model.json lists {classes} classes");
        }
        return Array.ConvertAll(logits, logit => 1.0 / (1.0 + Math.Exp(-logit)));
    }

    public void Dispose() => session.Dispose();
}
