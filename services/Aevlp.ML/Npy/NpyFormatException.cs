namespace Aevlp.ML.Npy;

/// <summary>A .npy file that cannot be read; the message names the file and what was expected.</summary>
public sealed class NpyFormatException(string source, string problem)
    : Exception($"{source}: {problem}")
{
    /// <summary>The file path (or stream name) that failed.</summary>
    public string FilePath { get; } = source;

    /// <summary>What is wrong, without the file name.</summary>
    public string Problem { get; } = problem;
}
