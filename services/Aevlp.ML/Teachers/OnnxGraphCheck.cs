using Microsoft.ML.OnnxRuntime;

namespace Aevlp.ML.Teachers;

/// <summary>Checks a loaded graph against teacher.json, so a mismatch fails at load naming the file, not mid-run.</summary>
internal static class OnnxGraphCheck
{
    public static NodeMetadata Input(InferenceSession session, string path, string name) =>
        session.InputMetadata.TryGetValue(name, out var input)
            ? input
            : throw new TeacherException(path, $"has no input '{name}' (teacher.json inputName); its inputs are: {string.Join(", ", session.InputMetadata.Keys)}");

    /// <summary>The input must be float32 [batch, 3, size, size]; a symbolic (−1) batch or side is accepted.</summary>
    public static void ImageInput(InferenceSession session, string path, string name, int size)
    {
        var input = Input(session, path, name);
        var dims = input.Dimensions;
        bool shapeFits = dims.Length == 4 && Fits(dims[1], 3) && Fits(dims[2], size) && Fits(dims[3], size);
        if (input.ElementType != typeof(float) || !shapeFits)
            throw new TeacherException(path, $"input '{name}' is {input.ElementType.Name} [{string.Join(", ", dims)}], expected Single [batch, 3, {size}, {size}] (teacher.json inputSize {size})");
    }

    private static bool Fits(int dimension, int expected) => dimension == expected || dimension < 0;

    /// <summary>The output must exist and, when <paramref name="expectedPerItem"/> is given, hold that many values per image.</summary>
    public static void Output(InferenceSession session, string path, string name, int? expectedPerItem)
    {
        if (!session.OutputMetadata.TryGetValue(name, out var output))
            throw new TeacherException(path, $"has no output '{name}' (teacher.json outputName); its outputs are: {string.Join(", ", session.OutputMetadata.Keys)}");
        var perItem = output.Dimensions.Skip(1).ToArray();
        if (expectedPerItem is int expected && perItem.All(d => d > 0) && perItem.Aggregate(1L, (p, d) => p * d) != expected)
            throw new TeacherException(path, $"output '{name}' is [{string.Join(", ", output.Dimensions)}]: {perItem.Aggregate(1L, (p, d) => p * d)} values per image, expected teacher.json embeddingDim {expected}");
    }
}
