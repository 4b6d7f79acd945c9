using System.ComponentModel.DataAnnotations;
using Aevlp.ServiceDefaults;

namespace Aevlp.Evaluator;

/// <summary>The "Evaluator" configuration section.</summary>
public sealed class EvaluatorOptions
{
    public const string Section = "Evaluator";

    [Required]
    public string CacheDir { get; set; } = Path.Combine(Path.GetTempPath(), "aevlp-evaluator-cache");

    /// <summary>Use ONNX Runtime's CUDA provider when its libraries load; the CPU otherwise (decided once at start).</summary>
    public bool PreferCuda { get; set; } = true;

    /// <summary>ONNX Runtime threads per session; 0 = every core.</summary>
    [Range(0, 1024)]
    public int IntraOpThreads { get; set; }

    /// <summary>Images per ONNX Runtime call.</summary>
    [Range(1, 4096)]
    public int BatchSize { get; set; } = 64;

    public string Worker { get; set; } = WorkerName.Default;
}
