using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace Aevlp.ML.Inference;

public enum ExecutionProvider
{
    Cpu,
    Cuda,
}

/// <summary>
/// Where ONNX Runtime runs (the teacher, the evaluated classifier), decided once per process by <see cref="Detect"/>: CUDA when the native
/// runtime has the CUDA provider and its libraries load (Microsoft.ML.OnnxRuntime.Gpu needs CUDA 13), else CPU.
/// </summary>
/// <param name="Reason">Why this provider: logged once by the host.</param>
/// <param name="IntraOpThreads">Threads per session; 0 lets ONNX Runtime use every core.</param>
public sealed record OnnxExecution(ExecutionProvider Provider, string Reason, int IntraOpThreads = 0)
{
    public static OnnxExecution Cpu(int intraOpThreads = 0) => new(ExecutionProvider.Cpu, "CPU requested", intraOpThreads);

    public static OnnxExecution Detect(bool preferCuda, int intraOpThreads = 0)
    {
        if (!preferCuda) return Cpu(intraOpThreads);
        // Without the driver the provider cannot work, and trying it makes ONNX Runtime print an error to stderr, which
        // the dashboard counts as an error of every service on a machine without a GPU.
        if (!CudaDriverLoads()) return CpuWithoutCuda($"no CUDA driver ({CudaDriver} does not load)", intraOpThreads);
        try
        {
            using var options = new SessionOptions();
            options.AppendExecutionProvider_CUDA(0);
            return new(ExecutionProvider.Cuda, "CUDA provider loaded (device 0)", intraOpThreads);
        }
        catch (Exception error) when (error is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException)
        {
            // The GPU package without CUDA libraries, or the CPU-only package: both fail here, not mid-run.
            return CpuWithoutCuda(error.Message.Split('\n', 2)[0].Trim(), intraOpThreads);
        }
    }

    private static OnnxExecution CpuWithoutCuda(string why, int intraOpThreads) =>
        new(ExecutionProvider.Cpu, $"CUDA unavailable, using CPU: {why}", intraOpThreads);

    private static string CudaDriver => OperatingSystem.IsWindows() ? "nvcuda.dll" : "libcuda.so.1";

    private static bool CudaDriverLoads()
    {
        if (!NativeLibrary.TryLoad(CudaDriver, out var driver)) return false;
        NativeLibrary.Free(driver);
        return true;
    }

    /// <param name="singleThreaded">For small graphs beside the encoder (preprocessing): each session owns a thread
    /// pool whose threads spin while waiting, and a second pool of them halves the encoder's speed on a small machine.</param>
    public SessionOptions CreateSessionOptions(bool singleThreaded = false)
    {
        var options = new SessionOptions
        {
            // ALL includes the NCHWc layout transform: 1.4× the speed of EXTENDED for the demo ResNet-18 on AVX-512.
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = singleThreaded ? 1 : IntraOpThreads,
            // ONNX Runtime writes its warnings about a user's model (unused initializers of a training-mode export, one line
            // each) to stderr on every load, which the dashboard counts as the service's errors; they are no one's to act on.
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        if (Provider == ExecutionProvider.Cuda) options.AppendExecutionProvider_CUDA(0);
        return options;
    }
}
