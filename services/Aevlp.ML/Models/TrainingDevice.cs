using static TorchSharp.torch;

namespace Aevlp.ML.Models;

/// <summary>The config's <c>device</c>: <c>auto</c> (CUDA when LibTorch sees a GPU, else CPU), <c>cpu</c> or <c>cuda</c>.</summary>
public static class TrainingDevice
{
    public static IReadOnlyList<string> Names { get; } = ["auto", "cpu", "cuda"];

    /// <exception cref="ArgumentException">Unknown setting, or <c>cuda</c> without a usable GPU.</exception>
    public static Device Resolve(string setting, Func<bool>? cudaAvailable = null)
    {
        bool available = (cudaAvailable ?? cuda.is_available)();
        return setting switch
        {
            "auto" => available ? CUDA : CPU,
            "cpu" => CPU,
            "cuda" when available => CUDA,
            "cuda" => throw new ArgumentException(
                "device: 'cuda' was requested but LibTorch sees no CUDA device (this build loads the CPU LibTorch package; " +
                "see docs/gpu.md to switch to the CUDA packages), or use device 'auto' or 'cpu'", nameof(setting)),
            _ => throw new ArgumentException($"device: expected one of {string.Join(", ", Names)}, got '{setting}'", nameof(setting)),
        };
    }
}
