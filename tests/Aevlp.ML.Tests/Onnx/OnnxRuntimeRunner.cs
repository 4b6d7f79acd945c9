using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Tensor = TorchSharp.torch.Tensor;

namespace Aevlp.ML.Tests.Onnx;

/// <summary>Runs an ONNX model in ONNX Runtime on one float input, for parity checks against TorchSharp.</summary>
internal static class OnnxRuntimeRunner
{
    public static float[] Run(byte[] model, string inputName, Tensor input)
    {
        using var session = new InferenceSession(model);
        return Run(session, inputName, input);
    }

    public static float[] Run(string modelPath, string inputName, Tensor input)
    {
        using var session = new InferenceSession(modelPath);
        return Run(session, inputName, input);
    }

    /// <summary>Largest absolute difference between two equally long arrays.</summary>
    public static double MaxAbsDifference(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        return expected.Zip(actual, (e, a) => Math.Abs((double)e - a)).Max();
    }

    private static float[] Run(InferenceSession session, string inputName, Tensor input)
    {
        var values = new DenseTensor<float>(input.contiguous().data<float>().ToArray(), [.. input.shape.Select(d => (int)d)]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(inputName, values)]);
        return results.First().AsTensor<float>().ToArray();
    }
}
