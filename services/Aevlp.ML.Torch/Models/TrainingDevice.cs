using Aevlp.Configuration;
using static TorchSharp.torch;

namespace Aevlp.ML.Models;

/// <summary>The config's <c>device</c> as a LibTorch device: <c>auto</c> is CUDA when LibTorch sees a GPU, else the CPU.</summary>
public static class TrainingDevice
{
    /// <exception cref="Contracts.InvalidInputException"><c>cuda</c> without a usable GPU.</exception>
    public static Device Resolve(DevicePreference setting, Func<bool>? cudaAvailable = null)
    {
        bool available = (cudaAvailable ?? cuda.is_available)();
        return setting switch
        {
            DevicePreference.Auto => available ? CUDA : CPU,
            DevicePreference.Cpu => CPU,
            DevicePreference.Cuda when available => CUDA,
            DevicePreference.Cuda => throw new Contracts.InvalidInputException(
                "device: 'cuda' was requested but LibTorch sees no CUDA device (this build loads the CPU LibTorch package; " +
                "see docs/gpu.md to switch to the CUDA packages), or use device 'auto' or 'cpu'"),
            _ => throw new ArgumentOutOfRangeException(nameof(setting), setting, null),
        };
    }
}
