using System.ComponentModel.DataAnnotations;

namespace Aevlp.Evaluator;

/// <summary>The "Evaluator" configuration section.</summary>
public sealed class EvaluatorOptions
{
    public const string Section = "Evaluator";

    [Required]
    public string CacheDir { get; set; } = Path.Combine(Path.GetTempPath(), "aevlp-evaluator-cache");

    /// <summary>Images per ONNX Runtime call.</summary>
    [Range(1, 4096)]
    public int BatchSize { get; set; } = 64;

    public string Worker { get; set; } = Environment.MachineName + ":" + Environment.ProcessId;
}
