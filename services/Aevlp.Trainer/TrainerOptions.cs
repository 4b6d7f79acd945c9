using System.ComponentModel.DataAnnotations;
using Aevlp.Configuration;
using Aevlp.ServiceDefaults;

namespace Aevlp.Trainer;

/// <summary>The "Trainer" configuration section.</summary>
public sealed class TrainerOptions
{
    public const string Section = "Trainer";

    /// <summary>Local folder for datasets and teacher logits fetched from blob storage, reused across runs.</summary>
    [Required]
    public string CacheDir { get; set; } = Path.Combine(Path.GetTempPath(), "aevlp-trainer-cache");

    /// <summary>Overrides a run's <c>device</c> (auto, cpu, cuda) on this replica; unset keeps the run's.</summary>
    public DevicePreference? Device { get; set; }

    /// <summary>LibTorch threads on this replica; 0 uses every core.</summary>
    [Range(0, 1024)]
    public int Threads { get; set; }

    /// <summary>How often batch progress goes out (it is also the heartbeat the registry's watchdog watches).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Names this replica in progress messages and logs.</summary>
    public string Worker { get; set; } = WorkerName.Default;
}
