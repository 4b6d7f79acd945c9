using System.Diagnostics;
using Aevlp.ML.Training;

namespace Aevlp.Benchmarks;

/// <summary>
/// Timestamps of a one-epoch run's progress reports. They split the epoch the trainer itself timed
/// (<see cref="EpochSummary.Seconds"/>) into the train pass (from the epoch's start to the last optimiser step:
/// DAMP pseudo-labels, label tensors, loading and all steps) and validation (last step to the summary: val scoring,
/// mAP and keeping the best weights). Reports arrive one at a time from the training loop, so no locking.
/// </summary>
public sealed class EpochTimeline : IProgress<TrainingProgress>
{
    private long lastBatch;

    public double EpochSeconds { get; private set; }

    public double TrainSeconds { get; private set; }

    public double ValidationSeconds { get; private set; }

    /// <summary>The largest resident set seen at a report: the training loop's own footprint, which the process's VmHWM
    /// can hide behind transient start-up garbage (model import, weight snapshots) that the GC frees when it chooses.</summary>
    public long PeakResidentBytes { get; private set; }

    /// <summary>The largest managed heap seen at a report, garbage not yet collected included.</summary>
    public long PeakManagedBytes { get; private set; }

    public void Report(TrainingProgress value)
    {
        long now = Stopwatch.GetTimestamp();
        // Sampled after every batch (about 50 µs a read), so both peaks are lower bounds of the true ones.
        PeakResidentBytes = Math.Max(PeakResidentBytes, ProcessMemory.ResidentBytes());
        PeakManagedBytes = Math.Max(PeakManagedBytes, GC.GetTotalMemory(forceFullCollection: false));
        switch (value)
        {
            case BatchProgress:
                lastBatch = now;
                break;
            case EpochSummary summary:
                EpochSeconds = summary.Seconds;
                ValidationSeconds = Stopwatch.GetElapsedTime(lastBatch, now).TotalSeconds;
                TrainSeconds = EpochSeconds - ValidationSeconds;
                break;
        }
    }
}
