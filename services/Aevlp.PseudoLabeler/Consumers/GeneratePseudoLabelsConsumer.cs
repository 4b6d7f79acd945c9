using Aevlp.Storage;
using Aevlp.ServiceDefaults;
using Aevlp.Contracts;
using Aevlp.ML.Data;
using Aevlp.ML.Teachers;
using Aevlp.PseudoLabeler.Storage;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Aevlp.PseudoLabeler.Consumers;

/// <summary>
/// Answers <see cref="GeneratePseudoLabels"/> with <see cref="PseudoLabelsReady"/>, <see cref="RunFailed"/> (inputs
/// that a retry cannot fix: the message is consumed, not retried) or <see cref="StageCancelled"/>. Anything else
/// (storage or broker trouble, host shutdown) is thrown, so MassTransit retries or redelivers the message.
/// </summary>
public sealed class GeneratePseudoLabelsConsumer(
    LocalBlobCache cache,
    PseudoLabelJob job,
    RunCancellations cancellations,
    IBus bus,
    IOptions<PseudoLabelerOptions> options,
    ILogger<GeneratePseudoLabelsConsumer> logger) : IConsumer<GeneratePseudoLabels>
{
    public async Task Consume(ConsumeContext<GeneratePseudoLabels> context)
    {
        var command = context.Message;
        using var run = cancellations.Track(command.RunId, context.CancellationToken);
        var progress = new JobProgress();
        try
        {
            JobOutcome outcome;
            await using (new StageHeartbeat(bus, command, progress, options.Value.HeartbeatInterval))
            {
                outcome = await job.RunAsync(command, progress, run.Token);
            }
            await context.Publish(new PseudoLabelsReady(command.RunId, command.Attempt, outcome.Key, outcome.Reused, outcome.Seconds));
        }
        catch (OperationCanceledException) when (run.CancelledByUser)
        {
            logger.LogInformation("Run {RunId}: pseudo-labels cancelled", command.RunId);
            await context.Publish(new StageCancelled(command.RunId, Stage.PseudoLabels, command.Attempt));
        }
        catch (Exception error) when (IsPermanent(error))
        {
            var reason = BlobNames(error.Message);
            logger.LogWarning("Run {RunId}: pseudo-labels failed: {Reason}", command.RunId, reason);
            await context.Publish(new RunFailed(command.RunId, Stage.PseudoLabels, command.Attempt, reason));
        }
    }

    /// <summary>Problems in the inputs themselves, which are immutable (an undecodable image is
    /// <see cref="InvalidDataException"/> naming its file): retrying cannot help.</summary>
    private static bool IsPermanent(Exception error) =>
        error is TeacherException or DatasetValidationException or MissingInputException or InvalidDataException;

    /// <summary>The local cache mirrors blob names under its root, so stripping the root names the blob at fault
    /// (<c>teachers/x/encoder.onnx</c>) instead of a path on this replica.</summary>
    private string BlobNames(string message) => cache.BlobNamesIn(message);
}
