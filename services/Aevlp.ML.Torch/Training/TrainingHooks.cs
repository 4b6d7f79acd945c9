namespace Aevlp.ML.Training;

/// <summary>How a run talks to its host: progress out, checkpoints out, and an optional checkpoint to resume from.</summary>
public sealed record TrainingHooks
{
    public IProgress<TrainingProgress>? Progress { get; init; }

    /// <summary>Called after every epoch with the epoch and a complete checkpoint (<see cref="Checkpoints.TrainingCheckpoint"/>
    /// format); the host stores it (e.g. in blob storage) before the next epoch starts.</summary>
    public Func<int, ReadOnlyMemory<byte>, CancellationToken, Task>? SaveCheckpointAsync { get; init; }

    /// <summary>A checkpoint written by a run with the same options and data; training continues after its epoch.</summary>
    public Stream? ResumeFrom { get; init; }
}
