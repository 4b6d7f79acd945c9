using System.ComponentModel.DataAnnotations;

namespace Aevlp.Registry;

/// <summary>Settings under <c>Registry:</c>.</summary>
public sealed class RegistryOptions
{
    public const string Section = "Registry";

    /// <summary>How long a stage may go without a StageProgressed/TrainingProgressed from its worker before
    /// the watchdog gives it to a new attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan StageTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Attempts per stage; when the last one stalls too, the run is FAILED.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>How often the watchdog looks for stalled stages.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan WatchdogInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Where configs/{dataset}.json are; the copy beside the service by default.</summary>
    [Required]
    public string ConfigDirectory { get; set; } = Path.Combine(AppContext.BaseDirectory, "configs");

    /// <summary>The largest file a dataset import may upload (PUT /api/datasets/{name}/{version}/files/…).</summary>
    [Range(1, long.MaxValue)]
    public long MaxDatasetFileBytes { get; set; } = 1L << 30;

    /// <summary>The largest pretrained-weights file an import may upload (PUT /api/weights/{name}).</summary>
    [Range(1, long.MaxValue)]
    public long MaxWeightsBytes { get; set; } = 2L << 30;

    /// <summary>The largest file of a teacher an import may upload (PUT /api/teachers/{name}); a CLIP ViT-L encoder is about 1.2 GB.</summary>
    [Range(1, long.MaxValue)]
    public long MaxTeacherFileBytes { get; set; } = 4L << 30;

    /// <summary>Where imports are spooled and checked before they are stored; each import gets its own folder, deleted after.</summary>
    [Required]
    public string ImportDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "aevlp-registry-imports");

    /// <summary>The tracker's page of a run, relative to the tracker's URL (<see cref="Tracking.TrackerLinks"/>): Aevlp.Tracking
    /// serves <c>runs/{id}</c>; MLflow's own UI routes in the fragment, <c>#/runs/{id}</c> (the AppHost sets that in container mode).</summary>
    [Required]
    public string TrackerRunPath { get; set; } = "runs/";
}
