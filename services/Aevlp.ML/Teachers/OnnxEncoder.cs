using Microsoft.ML.OnnxRuntime;
using Aevlp.ML.Inference;

namespace Aevlp.ML.Teachers;

/// <summary>
/// The teacher's image encoder in ONNX Runtime (optionally behind a preprocessing graph): normalised pixels
/// [n, 3, S, S] in, embeddings [n, D] out. Runs whole batches when every graph has a dynamic batch dimension,
/// otherwise one image at a time.
/// </summary>
public sealed class OnnxEncoder : IDisposable
{
    private readonly TeacherMetadata metadata;
    private readonly InferenceSession encoder;
    private readonly InferenceSession? preprocessor;
    private readonly RunOptions runOptions = new();

    private OnnxEncoder(TeacherMetadata metadata, InferenceSession encoder, InferenceSession? preprocessor)
    {
        (this.metadata, this.encoder, this.preprocessor) = (metadata, encoder, preprocessor);
        DynamicBatch = HasDynamicBatch(encoder, metadata.InputName)
            && (preprocessor is null || HasDynamicBatch(preprocessor, metadata.Preprocessor!.InputName));
    }

    /// <summary>False for graphs fixed at batch 1 (e.g. the CNTK ResNet-18 export), which are run in a loop.</summary>
    public bool DynamicBatch { get; }

    public int PixelsPerImage => 3 * metadata.InputSize * metadata.InputSize;

    /// <exception cref="TeacherException">A graph is missing or unreadable, or its names and shapes do not match teacher.json.</exception>
    public static OnnxEncoder Open(string teacherDirectory, TeacherMetadata metadata, OnnxExecution execution)
    {
        var encoderPath = Path.Combine(teacherDirectory, TeacherMetadata.EncoderFile);
        var encoder = OpenSession(encoderPath, execution);
        InferenceSession? preprocessor = null;
        try
        {
            OnnxGraphCheck.Output(encoder, encoderPath, metadata.OutputName, metadata.EmbeddingDim);
            if (metadata.Preprocessor is { } prep)
            {
                var prepPath = Path.Combine(teacherDirectory, TeacherMetadata.PreprocessorFile);
                preprocessor = OpenSession(prepPath, execution, singleThreaded: true);
                OnnxGraphCheck.ImageInput(preprocessor, prepPath, prep.InputName, metadata.InputSize);
                OnnxGraphCheck.Output(preprocessor, prepPath, prep.OutputName, expectedPerItem: null);
                OnnxGraphCheck.Input(encoder, encoderPath, metadata.InputName);
            }
            else
            {
                OnnxGraphCheck.ImageInput(encoder, encoderPath, metadata.InputName, metadata.InputSize);
            }
            return new OnnxEncoder(metadata, encoder, preprocessor);
        }
        catch
        {
            encoder.Dispose();
            preprocessor?.Dispose();
            throw;
        }
    }

    /// <summary>Embeds <paramref name="count"/> images whose pixels lie back to back in <paramref name="pixels"/>.</summary>
    public void Embed(Memory<float> pixels, int count, Span<float> embeddings)
    {
        int step = DynamicBatch ? count : 1;
        for (int start = 0; start < count; start += step)
        {
            int n = Math.Min(step, count - start);
            using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance,
                pixels.Slice(start * PixelsPerImage, n * PixelsPerImage), [n, 3, metadata.InputSize, metadata.InputSize]);
            RunEncoder(input, embeddings.Slice(start * metadata.EmbeddingDim, n * metadata.EmbeddingDim));
        }
    }

    /// <summary>Embeds one batch of <paramref name="batch"/> mean-coloured images (zeros after normalisation) (one for a graph fixed at batch 1) and returns the shape
    /// of the output and whether every value is finite, so an import can check that a batch of n gives [n, embeddingDim].</summary>
    public (long[] Shape, bool Finite) Probe(int batch)
    {
        int n = DynamicBatch ? batch : 1;
        var pixels = new float[n * PixelsPerImage];
        using var input = OrtValue.CreateTensorValueFromMemory(pixels, [n, 3, metadata.InputSize, metadata.InputSize]);
        using var outputs = RunGraphs(input);
        bool finite = true;
        foreach (float value in outputs[0].GetTensorDataAsSpan<float>()) finite &= float.IsFinite(value);
        return (outputs[0].GetTensorTypeAndShape().Shape, finite);
    }

    private void RunEncoder(OrtValue input, Span<float> embeddings)
    {
        using var outputs = RunGraphs(input);
        outputs[0].GetTensorDataAsSpan<float>().CopyTo(embeddings);
    }

    /// <summary>The encoder's output for <paramref name="input"/>, through the preprocessing graph when there is one.</summary>
    private IDisposableReadOnlyCollection<OrtValue> RunGraphs(OrtValue input)
    {
        if (preprocessor is null) return encoder.Run(runOptions, [metadata.InputName], [input], [metadata.OutputName]);
        using var prepared = preprocessor.Run(runOptions, [metadata.Preprocessor!.InputName], [input], [metadata.Preprocessor.OutputName]);
        return encoder.Run(runOptions, [metadata.InputName], [prepared[0]], [metadata.OutputName]);
    }

    private static InferenceSession OpenSession(string path, OnnxExecution execution, bool singleThreaded = false)
    {
        if (!File.Exists(path)) throw new TeacherException(path, "file not found");
        using var options = execution.CreateSessionOptions(singleThreaded);
        try
        {
            return new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException error)
        {
            throw new TeacherException(path, $"not a readable ONNX model: {error.Message.Split('\n', 2)[0]}", error);
        }
    }

    private static bool HasDynamicBatch(InferenceSession session, string inputName) =>
        session.InputMetadata[inputName].Dimensions[0] < 0;

    public void Dispose()
    {
        runOptions.Dispose();
        encoder.Dispose();
        preprocessor?.Dispose();
    }
}
