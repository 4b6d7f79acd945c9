using System.Diagnostics;
using Aevlp.Contracts;
using Aevlp.ML.Data;
using Aevlp.ML.Inference;
using Aevlp.ML.Npy;
using Aevlp.ML.Teachers;
using Aevlp.PseudoLabeler.Storage;
using Aevlp.PseudoLabeler.Telemetry;
using Aevlp.Storage;
using Microsoft.Extensions.Options;

namespace Aevlp.PseudoLabeler;

public sealed record JobOutcome(string Key, bool Reused, double Seconds);

/// <summary>
/// One <see cref="GeneratePseudoLabels"/> request: resolve the cache key, reuse the logits when the key is complete,
/// otherwise take the key's lease, score every view of the train split and commit the logits. Permanent input
/// problems surface as <see cref="TeacherException"/>, <see cref="DatasetValidationException"/> or
/// <see cref="MissingBlobsException"/>, all <see cref="InvalidInputException"/>s.
/// </summary>
public sealed class PseudoLabelJob(
    PseudoLabelInputs inputs,
    PseudoLabelStore labels,
    OnnxExecution execution,
    PseudoLabelerTelemetry telemetry,
    IOptions<PseudoLabelerOptions> options,
    ILogger<PseudoLabelJob> logger)
{

    public async Task<JobOutcome> RunAsync(GeneratePseudoLabels command, JobProgress progress, CancellationToken cancellationToken)
    {
        using var activity = PseudoLabelerTelemetry.ActivitySource.StartActivity("pseudo-labels");
        activity?.SetTag("aevlp.run_id", command.RunId).SetTag("aevlp.dataset", $"{command.Dataset}@{command.DatasetVersion}").SetTag("aevlp.teacher", command.Teacher);
        long started = Stopwatch.GetTimestamp();
        var datasetSha = await inputs.DatasetManifestSha256Async(command, cancellationToken);
        var (teacherFolder, teacherSha) = await inputs.TeacherAsync(command.Teacher, cancellationToken);
        var key = CacheKey.Of(command, datasetSha, teacherSha);
        activity?.SetTag("aevlp.pseudo_label_key", key);

        await using var lease = await labels.LockUnlessCompleteAsync(key,
            () => logger.LogInformation("Teacher logits {Key} are being computed by another worker; waiting for them", key), cancellationToken);
        bool reused = lease is null;
        if (reused)
        {
            logger.LogInformation("Run {RunId}: reusing teacher logits {Key}", command.RunId, key);
            telemetry.Reused.Add(1);
        }
        else
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease!.Lost);
            var source = new ScoringSource(command, key, datasetSha, teacherFolder, teacherSha);
            await ComputeAsync(source, progress, stop.Token);
        }
        return new JobOutcome(key, reused, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    private sealed record ScoringSource(GeneratePseudoLabels Command, string Key, string DatasetSha, string TeacherFolder, string TeacherSha);

    private async Task ComputeAsync(ScoringSource source, JobProgress progress, CancellationToken cancellationToken)
    {
        var command = source.Command;
        var datasetFolder = await inputs.DatasetFolderAsync(command, cancellationToken);
        var train = SpmlDatasetLoader.Load(datasetFolder, Path.Combine(datasetFolder, "images")).OfficialTrain;
        var relationGraph = new RelationGraph(command.RelationTopK, command.RelationWeight ?? RelationGraph.Released.Reweight);
        using var teacher = Teacher.Load(source.TeacherFolder, execution, relationGraph);
        if (teacher.Classes != train.Classes)
            throw new TeacherException($"{BlobLayout.Teachers}/{command.Teacher}/{TeacherMetadata.FileName}",
                $"has {teacher.Classes} classes, dataset {command.Dataset}@{command.DatasetVersion} has {train.Classes}");

        progress.Start(train.Count);
        var paths = Enumerable.Range(0, train.Count).Select(train.FullImagePath).ToArray();
        var scoring = new TeacherScoringOptions(command.GridSize, command.Variants, options.Value.BatchSize);
        logger.LogInformation("Run {RunId}: scoring {Images} images × {Views} views × {Variants} variants with {Teacher} on {Provider} → {Key}",
            command.RunId, train.Count, scoring.Views, scoring.Variants, command.Teacher, execution.Provider, source.Key);
        long started = Stopwatch.GetTimestamp();
        int reported = 0;
        var logits = await Task.Run(() => new TeacherScorer(teacher).ScoreAsync(paths, scoring, done =>
        {
            telemetry.ImagesScored.Add(done - reported);
            reported = done;
            progress.Report(done);
        }, cancellationToken), cancellationToken);
        double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        RecordThroughput(logits, seconds);
        await CommitAsync(source, teacher.Metadata.Classes, logits, seconds, cancellationToken);
    }

    private void RecordThroughput(TeacherLogits logits, double seconds)
    {
        long views = (long)logits.Images * logits.Views * logits.Variants;
        telemetry.ViewsScored.Add(views);
        telemetry.ViewsPerSecond.Record(views / Math.Max(seconds, 1e-9));
        logger.LogInformation("Scored {Views} views in {Seconds:F1} s ({ViewsPerSecond:F1} views/s)", views, seconds, views / Math.Max(seconds, 1e-9));
    }

    private async Task CommitAsync(ScoringSource source, IReadOnlyList<string> classes, TeacherLogits logits, double seconds, CancellationToken cancellationToken)
    {
        var staging = Path.Combine(options.Value.CacheDirectory, "staging");
        Directory.CreateDirectory(staging);
        var file = Path.Combine(staging, $"{source.Key}-{Guid.NewGuid():N}.npy");
        try
        {
            var array = logits.ToNpy(options.Value.Float16);
            NpyFile.Write(file, array);
            var manifest = new TeacherLogitsManifest(source.Key, source.Command.Dataset, source.Command.DatasetVersion, source.DatasetSha,
                source.Command.Teacher, source.TeacherSha, source.Command.GridSize, source.Command.Variants, classes, array.Shape,
                array.DType.Descr, await CacheKey.Sha256FileAsync(file, cancellationToken), execution.Provider.ToString(), seconds);
            await labels.CommitAsync(manifest, file, cancellationToken);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
