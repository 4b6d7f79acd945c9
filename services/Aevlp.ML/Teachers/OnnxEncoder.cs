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

    private void RunEncoder(OrtValue input, Span<float> embeddings)
    {
        if (preprocessor is null)
        {
            Run(encoder, metadata.InputName, input, metadata.OutputName, embeddings);
            return;
        }
        using var prepared = preprocessor.Run(runOptions, [metadata.Preprocessor!.InputName], [input], [metadata.Preprocessor.OutputName]);
        Run(encoder, metadata.InputName, prepared[0], metadata.OutputName, embeddings);
    }

    private void Run(InferenceSession session, string inputName, OrtValue input, string outputName, Span<float> destination)
    {
        using var outputs = session.Run(runOptions, [inputName], [input], [outputName]);
        outputs[0].GetTensorDataAsSpan<float>().CopyTo(destination);
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
