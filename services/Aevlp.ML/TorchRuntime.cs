using TorchSharp;

namespace Aevlp.ML;

/// <summary>Facts about the loaded LibTorch, used by services to log what they run on.</summary>
public static class TorchRuntime
{
    /// <summary>Loads LibTorch (first call) and describes it, e.g. "LibTorch 2.10.0, CUDA: no, threads: 2".</summary>
    public static string Describe() =>
        $"LibTorch {torch.__version__}, CUDA: {(torch.cuda.is_available() ? "yes" : "no")}, threads: {torch.get_num_threads()}";
}
