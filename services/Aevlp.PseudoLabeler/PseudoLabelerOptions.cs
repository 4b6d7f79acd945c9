using System.ComponentModel.DataAnnotations;

namespace Aevlp.PseudoLabeler;

/// <summary>Configuration section <c>PseudoLabeler</c>.</summary>
public sealed record PseudoLabelerOptions
{
    public const string Section = "PseudoLabeler";

    /// <summary>Local copies of datasets and teachers; defaults to $XDG_CACHE_HOME/aevlp/pseudolabeler (~/.cache/…).</summary>
    public string CacheDirectory { get; init; } = DefaultCacheDirectory();

    /// <summary>Use CUDA when its libraries load; the CPU otherwise (decided once at start).</summary>
    public bool PreferCuda { get; init; } = true;

    /// <summary>ONNX Runtime threads per session; 0 = every core.</summary>
    [Range(0, 1024)]
    public int IntraOpThreads { get; init; }

    /// <summary>Views per ONNX Runtime call for encoders with a dynamic batch dimension.</summary>
    [Range(1, 4096)]
    public int BatchSize { get; init; } = 32;

    /// <summary>Images per chunk of a shared teacher pass (rounded up to whole batches): the unit any replica takes, and all a
    /// replica killed mid-chunk loses. The coordinating replica's value holds for the pass.</summary>
    [Range(1, 1_000_000)]
    public int ChunkImages { get; init; } = 256;

    /// <summary>How long a pass may go without a chunk committed before its coordinator sends the missing chunks again (a
    /// chunk message lost); longer than a chunk takes on the slowest replica.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ChunkTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>How often StageProgressed is published while a run is worked on (the registry's watchdog listens).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Store logits as float16 (half the size; cosines in [−1, 1] keep ~3 significant digits) or float32.</summary>
    public bool Float16 { get; init; } = true;

    private static string DefaultCacheDirectory()
    {
        var cacheHome = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(cacheHome, "aevlp", "pseudolabeler");
    }
}
