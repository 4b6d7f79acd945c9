using System.Diagnostics;
using Aevlp.Contracts;
using Aevlp.ML.Data;
using Aevlp.ML.Inference;
using Aevlp.ML.Teachers;
using Aevlp.PseudoLabeler.Storage;
using Aevlp.PseudoLabeler.Telemetry;
using Aevlp.Storage;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Aevlp.PseudoLabeler.Chunks;

/// <summary>The inputs of one pass: the request, its cache key and the hashes the key was made from.</summary>
public sealed record PassSource(GeneratePseudoLabels Command, string Key, string DatasetSha, string TeacherFolder, string TeacherSha);

/// <summary>
/// A teacher pass shared by every replica. The replica that holds the key's lease checks the inputs, sends one
/// <see cref="ScoreTeacherChunk"/> per chunk not committed yet (a pass taken over after a crash keeps what was done), reports
/// progress as chunks commit on any replica, and writes <c>logits.npy</c> and its manifest from them.
/// </summary>
public sealed class SharedPass(
    PseudoLabelInputs inputs,
    PseudoLabelStore labels,
    OnnxExecution execution,
    IBus bus,
    PseudoLabelerTelemetry telemetry,
    IOptions<PseudoLabelerOptions> options,
    ILogger<SharedPass> logger)
{
    /// <summary>How often the coordinator lists the committed chunks: short against a chunk, cheap for blob storage.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public async Task RunAsync(PassSource source, JobProgress progress, CancellationToken cancellationToken)
    {
        var (plan, scoring, classes) = await PlanAsync(source, cancellationToken);
        progress.Start(plan.Images);
        logger.LogInformation("Run {RunId}: scoring {Images} images × {Views} views × {Variants} variants with {Teacher} in chunks of {ChunkImages} → {Key}",
            source.Command.RunId, plan.Images, scoring.Views, scoring.Variants, source.Command.Teacher, plan.ChunkImages, source.Key);
        long started = Stopwatch.GetTimestamp();
        await SendMissingChunksAsync(source, plan, cancellationToken);
        await WaitForChunksAsync(source.Key, plan, progress, cancellationToken);
        double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        long views = (long)plan.Images * scoring.PerImage;
        telemetry.ViewsPerSecond.Record(views / Math.Max(seconds, 1e-9));
        logger.LogInformation("Scored {Views} views in {Seconds:F1} s ({ViewsPerSecond:F1} views/s)", views, seconds, views / Math.Max(seconds, 1e-9));
        await MergeAsync(source, new PassShape(plan, scoring, classes), seconds, cancellationToken);
    }

    /// <summary>Checks the dataset and teacher before any chunk is sent, so a bad input fails the run once, here.</summary>
    private async Task<(ChunkPlan, TeacherScoringOptions, IReadOnlyList<string>)> PlanAsync(PassSource source, CancellationToken cancellationToken)
    {
        var command = source.Command;
        var datasetFolder = await inputs.DatasetFolderAsync(command, cancellationToken);
        var train = SpmlDatasetLoader.Load(datasetFolder, Path.Combine(datasetFolder, "images")).OfficialTrain;
        using var teacher = Teacher.Load(source.TeacherFolder, execution, ChunkScorer.RelationGraphOf(command));
        if (teacher.Classes != train.Classes)
            throw new TeacherException($"{BlobLayout.Teachers}/{command.Teacher}/{TeacherMetadata.FileName}",
                $"has {teacher.Classes} classes, dataset {command.Dataset}@{command.DatasetVersion} has {train.Classes}");
        var scoring = new TeacherScoringOptions(command.GridSize, command.Variants, options.Value.BatchSize);
        var plan = ChunkPlan.Of(train.Count, options.Value.ChunkImages, teacher.Encoder.DynamicBatch ? scoring.ImagesPerBatch : 1);
        return (plan, scoring, teacher.Metadata.Classes);
    }

    private async Task SendMissingChunksAsync(PassSource source, ChunkPlan plan, CancellationToken cancellationToken)
    {
        var done = (await labels.ChunkStateAsync(source.Key, plan.ChunkImages, cancellationToken)).Committed;
        if (done.Count > 0) logger.LogInformation("Pass {Key}: {Done} chunk(s) were committed before; sending the rest", source.Key, done.Count);
        foreach (var (first, count) in plan.Chunks().Where(chunk => !done.Contains(chunk.First)))
            await bus.Publish(new ScoreTeacherChunk(source.Key, source.Command, first, count, plan.ChunkImages, options.Value.BatchSize,
                options.Value.Float16), cancellationToken);
    }

    private async Task WaitForChunksAsync(string key, ChunkPlan plan, JobProgress progress, CancellationToken cancellationToken)
    {
        while (true)
        {
            var state = await labels.ChunkStateAsync(key, plan.ChunkImages, cancellationToken);
            if (state.Failures.Count > 0)
            {
                await labels.DeleteChunksAsync(key, plan.ChunkImages, cancellationToken);
                throw new InvalidInputException(state.Failures[0]);
            }
            var committed = plan.Chunks().Where(chunk => state.Committed.Contains(chunk.First)).ToList();
            progress.Report(committed.Sum(chunk => chunk.Count));
            if (committed.Count == plan.Chunks().Count()) return;
            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// <summary>[N, V, A, C] of a pass, and how it is chunked.</summary>
    private sealed record PassShape(ChunkPlan Plan, TeacherScoringOptions Scoring, IReadOnlyList<string> Classes)
    {
        public int[] Shape => [Plan.Images, Scoring.Views, Scoring.Variants, Classes.Count];
    }

    private async Task MergeAsync(PassSource source, PassShape pass, double seconds, CancellationToken cancellationToken)
    {
        var (plan, classes) = (pass.Plan, pass.Classes);
        var command = source.Command;
        var staging = Path.Combine(options.Value.CacheDirectory, "staging");
        Directory.CreateDirectory(staging);
        var file = Path.Combine(staging, $"{source.Key}-{Guid.NewGuid():N}.npy");
        try
        {
            long started = Stopwatch.GetTimestamp();
            var chunks = await WriteMergedAsync(source.Key, pass, file, cancellationToken);
            double mergeSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var manifest = new TeacherLogitsManifest(source.Key, command.Dataset, command.DatasetVersion, source.DatasetSha,
                command.Teacher, source.TeacherSha, command.GridSize, command.Variants, classes, pass.Shape,
                options.Value.Float16 ? "<f2" : "<f4", await CacheKey.Sha256FileAsync(file, cancellationToken),
                string.Join('+', chunks.Select(c => c.ExecutionProvider).Distinct().Order()), seconds, chunks, mergeSeconds);
            await labels.CommitAsync(manifest, file, plan.ChunkImages, cancellationToken);
            telemetry.MergeSeconds.Record(mergeSeconds);
            logger.LogInformation("Pass {Key}: merged {Chunks} chunks from {Workers} worker(s) in {Seconds:F2} s", source.Key, chunks.Count,
                chunks.Select(c => c.Worker).Distinct().Count(), mergeSeconds);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private async Task<List<TeacherLogitsChunk>> WriteMergedAsync(string key, PassShape pass, string file, CancellationToken cancellationToken)
    {
        var plan = pass.Plan;
        var chunks = new List<TeacherLogitsChunk>();
        await using var output = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        var merge = new TeacherLogitsMerge(output, pass.Shape, options.Value.Float16);
        foreach (var (first, count) in plan.Chunks())
        {
            var (npy, chunk) = await labels.OpenChunkAsync(key, plan.ChunkImages, first, count, cancellationToken);
            await using (npy)
                await merge.AppendAsync(npy, first, BlobLayout.PseudoLabelChunk(key, plan.ChunkImages, first).ToString(), cancellationToken);
            chunks.Add(chunk);
        }
        merge.Complete();
        return chunks;
    }
}
