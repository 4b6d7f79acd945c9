using TorchSharp;

namespace Aevlp.ML;

/// <summary>Facts about the loaded LibTorch, used by services to log what they run on.</summary>
public static class TorchRuntime
{
    /// <summary>Loads LibTorch (first call) and describes it, e.g. "LibTorch 2.10.0, CUDA: no, threads: 2".</summary>
    public static string Describe() =>
        $"LibTorch {torch.__version__}, CUDA: {(torch.cuda.is_available() ? "yes" : "no")}, threads: {torch.get_num_threads()}";

    /// <summary>
    /// Sets LibTorch's intra-op thread count for the calling thread; 0 leaves the default. LibTorch's CPU build keeps
    /// it as an OpenMP setting, which is per thread, and async code resumes on arbitrary pool threads, so code that
    /// must run with a given count (bit-exact runs need one thread) calls this before each batch.
    /// </summary>
    public static void UseThreads(int threads)
    {
        if (threads > 0 && torch.get_num_threads() != threads) torch.set_num_threads(threads);
    }
}
