using System.Diagnostics;
using Aevlp.Contracts;
using Aevlp.ML.Data;
using Aevlp.ML.Teachers;
using Aevlp.PseudoLabeler.Chunks;
using Aevlp.PseudoLabeler.Storage;
using Aevlp.PseudoLabeler.Telemetry;
using Aevlp.Storage;

namespace Aevlp.PseudoLabeler;

public sealed record JobOutcome(string Key, bool Reused, double Seconds);

/// <summary>
/// One <see cref="GeneratePseudoLabels"/> request: resolve the cache key, reuse the logits when the key is complete,
/// otherwise take the key's lease and coordinate its pass, which every replica shares (<see cref="SharedPass"/>). Permanent input
/// problems surface as <see cref="TeacherException"/>, <see cref="DatasetValidationException"/> or
/// <see cref="MissingBlobsException"/>, all <see cref="InvalidInputException"/>s.
/// </summary>
public sealed class PseudoLabelJob(
    PseudoLabelInputs inputs,
    PseudoLabelStore labels,
    SharedPass pass,
    PseudoLabelerTelemetry telemetry,
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
            () => logger.LogInformation("Teacher logits {Key} are being computed by another replica's pass; waiting for them (this replica's chunk consumer helps)", key), cancellationToken);
        bool reused = lease is null;
        if (reused)
        {
            logger.LogInformation("Run {RunId}: reusing teacher logits {Key}", command.RunId, key);
            telemetry.Reused.Add(1);
            await labels.DeleteAllChunksAsync(key, cancellationToken);   // left by a coordinator that died right after its manifest
        }
        else
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease!.Lost);
            await pass.RunAsync(new PassSource(command, key, datasetSha, teacherFolder, teacherSha), progress, stop.Token);
        }
        return new JobOutcome(key, reused, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }
}
