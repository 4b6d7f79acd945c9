using System.Diagnostics;
using Aevlp.Contracts;
using Aevlp.ML.Data;
using Aevlp.ML.Inference;
using Aevlp.ML.Npy;
using Aevlp.ML.Teachers;
using Aevlp.PseudoLabeler.Storage;
using Aevlp.PseudoLabeler.Telemetry;
using Aevlp.ServiceDefaults;
using Aevlp.Storage;

namespace Aevlp.PseudoLabeler.Chunks;

/// <summary>What became of one chunk delivery.</summary>
public enum ChunkOutcome
{
    Scored,
    /// <summary>Committed by an earlier delivery (a redelivery or a resent chunk).</summary>
    Duplicate,
    /// <summary>The pass is merged already.</summary>
    Merged,
    /// <summary>No replica coordinates the pass (cancelled, failed, or its coordinator died); the next coordinator resends it.</summary>
    Unwanted,
}

/// <summary>Scores one <see cref="ScoreTeacherChunk"/> on this replica and commits it once, whichever replica sent it.</summary>
public sealed class ChunkScorer(
    PseudoLabelInputs inputs,
    PseudoLabelStore labels,
    LoadedTeacher teachers,
    OnnxExecution execution,
    PseudoLabelerTelemetry telemetry)
{
    public static RelationGraph RelationGraphOf(GeneratePseudoLabels command) =>
        new(command.RelationTopK, command.RelationWeight ?? RelationGraph.Released.Reweight);

    public static PassChunks ChunksOf(ScoreTeacherChunk chunk) => new(chunk.Key, chunk.ChunkImages, chunk.BatchSize, chunk.Float16);

    public async Task<ChunkOutcome> ScoreAsync(ScoreTeacherChunk chunk, CancellationToken cancellationToken)
    {
        var chunks = ChunksOf(chunk);
        if (await labels.IsCompleteAsync(chunk.Key, cancellationToken)) return ChunkOutcome.Merged;
        if (await labels.IsChunkCommittedAsync(chunks, chunk.First, cancellationToken)) return ChunkOutcome.Duplicate;
        if (!await labels.IsCoordinatedAsync(chunk.Key, cancellationToken)) return ChunkOutcome.Unwanted;

        long started = Stopwatch.GetTimestamp();
        var logits = await ComputeAsync(chunk, cancellationToken);
        var scored = new TeacherLogitsChunk(chunk.First, chunk.Count, WorkerName.Default, execution.Provider.ToString(),
            Stopwatch.GetElapsedTime(started).TotalSeconds);
        using var npy = new MemoryStream();
        NpyFile.Write(npy, logits.ToNpy(chunk.Float16));
        npy.Position = 0;
        if (!await labels.TryCommitChunkAsync(chunks, npy, scored, cancellationToken)) return ChunkOutcome.Duplicate;
        // Merged while this delivery scored a copy: its chunks are gone, and this one would be left behind.
        if (await labels.IsCompleteAsync(chunk.Key, cancellationToken))
            await labels.DeleteAsync(chunks, chunk.First, ChunkFile.Logits, cancellationToken);
        telemetry.ViewsScored.Add((long)logits.Images * logits.Views * logits.Variants);
        return ChunkOutcome.Scored;
    }

    private async Task<TeacherLogits> ComputeAsync(ScoreTeacherChunk chunk, CancellationToken cancellationToken)
    {
        var pass = chunk.Pass;
        var datasetSha = await inputs.DatasetManifestSha256Async(pass, cancellationToken);
        var (teacherFolder, teacherSha) = await inputs.TeacherAsync(pass.Teacher, cancellationToken);
        // Not the input's fault: this replica scores differently (another version, mid-upgrade). Retried, then sent again,
        // perhaps to a replica that matches.
        if (CacheKey.Of(pass, datasetSha, teacherSha) != chunk.Key)
            throw new InvalidOperationException($"teacher pass {chunk.Key}: dataset {pass.Dataset}@{pass.DatasetVersion} and teacher {pass.Teacher} " +
                "hash to another key on this replica (another scorer version)");
        var datasetFolder = await inputs.DatasetFolderAsync(pass, cancellationToken);
        var train = SpmlDatasetLoader.Load(datasetFolder, Path.Combine(datasetFolder, "images")).OfficialTrain;
        var teacher = teachers.Get(teacherFolder, RelationGraphOf(pass));
        var paths = Enumerable.Range(0, train.Count).Select(train.FullImagePath).ToArray();
        var scoring = new TeacherScoringOptions(pass.GridSize, pass.Variants, chunk.BatchSize);
        int reported = 0;
        return await Task.Run(() => new TeacherScorer(teacher).ScoreRangeAsync(paths, chunk.First, chunk.Count, scoring, done =>
        {
            telemetry.ImagesScored.Add(done - reported);
            reported = done;
        }, cancellationToken), cancellationToken);
    }
}
