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

    /// <summary>How many times a chunk is sent again after it failed past its retries, or after the pass stalled, before the
    /// pass gives up (as a platform fault, so the stage is retried, never as a bad input).</summary>
    public const int MaxResends = 3;

    public async Task RunAsync(PassSource source, JobProgress progress, CancellationToken cancellationToken)
    {
        var (plan, scoring, classes) = await PlanAsync(source, cancellationToken);
        var chunks = new PassChunks(source.Key, plan.ChunkImages, scoring.BatchSize, options.Value.Float16);
        progress.Start(plan.Images);
        logger.LogInformation("Run {RunId}: scoring {Images} images × {Views} views × {Variants} variants with {Teacher} in chunks of {ChunkImages} → {Key}",
            source.Command.RunId, plan.Images, scoring.Views, scoring.Variants, source.Command.Teacher, plan.ChunkImages, source.Key);
        long started = Stopwatch.GetTimestamp();
        var sender = new ChunkSender(bus, source, plan, chunks);
        await SendMissingChunksAsync(sender, cancellationToken);
        await WaitForChunksAsync(sender, progress, cancellationToken);
        double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        long views = (long)plan.Images * scoring.PerImage;
        telemetry.ViewsPerSecond.Record(views / Math.Max(seconds, 1e-9));
        logger.LogInformation("Scored {Views} views in {Seconds:F1} s ({ViewsPerSecond:F1} views/s)", views, seconds, views / Math.Max(seconds, 1e-9));
        await MergeAsync(source, new PassShape(plan, scoring, classes), chunks, seconds, cancellationToken);
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

    /// <summary>Sends every chunk not committed yet. What an earlier pass of the key recorded as failed is cleared first: its
    /// input problem recurs if real, and its fault is not this pass's.</summary>
    private async Task SendMissingChunksAsync(ChunkSender sender, CancellationToken cancellationToken)
    {
        var state = await labels.ChunkStateAsync(sender.Chunks, cancellationToken);
        foreach (var failure in state.Failures) await labels.DeleteAsync(sender.Chunks, failure.First, failure.Kind, cancellationToken);
        if (state.Committed.Count > 0)
            logger.LogInformation("Pass {Key}: {Done} chunk(s) were committed before; sending the rest", sender.Chunks.Key, state.Committed.Count);
        await sender.SendAsync(sender.Plan.Missing(state.Committed), cancellationToken);
    }

    /// <summary>Until every chunk is committed: a chunk with a bad input fails the run; a chunk whose retries ran out, and every
    /// missing chunk once nothing has committed for <see cref="PseudoLabelerOptions.ChunkTimeout"/> (a chunk message lost), is
    /// sent again, up to <see cref="MaxResends"/> times.</summary>
    private async Task WaitForChunksAsync(ChunkSender sender, JobProgress progress, CancellationToken cancellationToken)
    {
        var (plan, chunks) = (sender.Plan, sender.Chunks);
        int committedBefore = -1, stalls = 0;
        long progressed = Stopwatch.GetTimestamp();
        while (true)
        {
            var state = await labels.ChunkStateAsync(chunks, cancellationToken);
            if (state.Failures.FirstOrDefault(failure => failure.Kind == ChunkFile.Failed) is { } failed)
            {
                await labels.DeleteChunksAsync(chunks, cancellationToken);
                throw new InvalidInputException(failed.Reason);
            }
            foreach (var fault in state.Failures)
            {
                logger.LogWarning("Pass {Key}: images {First}.. failed past their retries; sending them again: {Reason}", chunks.Key, fault.First, fault.Reason);
                await labels.DeleteAsync(chunks, fault.First, fault.Kind, cancellationToken);
                await sender.ResendAsync(fault.First, fault.Reason, cancellationToken);
            }
            var committed = plan.Chunks().Where(chunk => state.Committed.Contains(chunk.First)).ToList();
            progress.Report(committed.Sum(chunk => chunk.Count));
            if (committed.Count == plan.Count) return;
            if (committed.Count > committedBefore) (committedBefore, progressed) = (committed.Count, Stopwatch.GetTimestamp());
            else if (Stopwatch.GetElapsedTime(progressed) > options.Value.ChunkTimeout)
            {
                if (++stalls > MaxResends)
                    throw new TimeoutException($"teacher pass {chunks.Key}: no chunk committed for {options.Value.ChunkTimeout} after sending the missing ones {MaxResends} times");
                logger.LogWarning("Pass {Key}: no chunk committed for {Timeout}; sending the {Missing} missing chunk(s) again", chunks.Key,
                    options.Value.ChunkTimeout, plan.Count - committed.Count);
                await sender.SendAsync(plan.Missing(state.Committed), cancellationToken);
                progressed = Stopwatch.GetTimestamp();
            }
            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// <summary>[N, V, A, C] of a pass, and how it is chunked.</summary>
    private sealed record PassShape(ChunkPlan Plan, TeacherScoringOptions Scoring, IReadOnlyList<string> Classes)
    {
        public int[] Shape => [Plan.Images, Scoring.Views, Scoring.Variants, Classes.Count];
    }

    private async Task MergeAsync(PassSource source, PassShape pass, PassChunks chunks, double seconds, CancellationToken cancellationToken)
    {
        var classes = pass.Classes;
        var command = source.Command;
        var staging = Path.Combine(options.Value.CacheDirectory, "staging");
        Directory.CreateDirectory(staging);
        var file = Path.Combine(staging, $"{source.Key}-{Guid.NewGuid():N}.npy");
        try
        {
            long started = Stopwatch.GetTimestamp();
            var scored = await WriteMergedAsync(chunks, pass, file, cancellationToken);
            double mergeSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var manifest = new TeacherLogitsManifest(source.Key, command.Dataset, command.DatasetVersion, source.DatasetSha,
                command.Teacher, source.TeacherSha, command.GridSize, command.Variants, classes, pass.Shape,
                options.Value.Float16 ? "<f2" : "<f4", await CacheKey.Sha256FileAsync(file, cancellationToken),
                string.Join('+', scored.Select(c => c.ExecutionProvider).Distinct().Order()), seconds, scored, mergeSeconds);
            await labels.CommitAsync(manifest, file, cancellationToken);
            telemetry.MergeSeconds.Record(mergeSeconds);
            logger.LogInformation("Pass {Key}: merged {Chunks} chunks from {Workers} worker(s) in {Seconds:F2} s", source.Key, scored.Count,
                scored.Select(c => c.Worker).Distinct().Count(), mergeSeconds);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>A chunk that does not fit the pass (written by a replica of another version) is deleted, and the pass fails as a
    /// platform fault: its retry scores that chunk again.</summary>
    private async Task<List<TeacherLogitsChunk>> WriteMergedAsync(PassChunks chunks, PassShape pass, string file, CancellationToken cancellationToken)
    {
        var scored = new List<TeacherLogitsChunk>();
        await using var output = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        var merge = new TeacherLogitsMerge(output, pass.Shape, options.Value.Float16);
        foreach (var (first, count) in pass.Plan.Chunks())
        {
            var (npy, chunk) = await labels.OpenChunkAsync(chunks, first, count, cancellationToken);
            try
            {
                await using (npy) await merge.AppendAsync(npy, first, chunks.Blob(first).ToString(), cancellationToken);
            }
            catch (InvalidDataException error)
            {
                await labels.DeleteAsync(chunks, first, ChunkFile.Logits, cancellationToken);
                throw new InvalidOperationException($"teacher pass {chunks.Key}: a chunk does not fit the pass and was deleted: {error.Message}", error);
            }
            scored.Add(chunk);
        }
        merge.Complete();
        return scored;
    }

    /// <summary>Publishes a pass's chunks, counting how often each was sent again.</summary>
    private sealed class ChunkSender(IBus bus, PassSource source, ChunkPlan plan, PassChunks chunks)
    {
        private readonly Dictionary<int, int> resent = [];

        public ChunkPlan Plan => plan;

        public PassChunks Chunks => chunks;

        public async Task SendAsync(IEnumerable<(int First, int Count)> missing, CancellationToken cancellationToken)
        {
            foreach (var (first, count) in missing)
                await bus.Publish(new ScoreTeacherChunk(source.Key, source.Command, first, count, chunks.ChunkImages, chunks.BatchSize, chunks.Float16),
                    cancellationToken);
        }

        public Task ResendAsync(int first, string reason, CancellationToken cancellationToken)
        {
            int times = resent[first] = resent.GetValueOrDefault(first) + 1;
            if (times > MaxResends)
                throw new InvalidOperationException($"teacher pass {chunks.Key}: images {first}.. failed past their retries {times} times; last: {reason}");
            return SendAsync([(first, plan.CountOf(first))], cancellationToken);
        }
    }
}
