using Aevlp.Contracts;
using Aevlp.Evaluator.Evaluation;
using Aevlp.Evaluator.Telemetry;
using Aevlp.Storage;
using MassTransit;

namespace Aevlp.Evaluator.Consumers;

/// <summary>Evaluates one run per delivery under the run's evaluation lease; a duplicate delivery while
/// another replica evaluates is dropped. A model or dataset that cannot be read fails the run with the reason;
/// storage or broker trouble propagates and the delivery is retried.</summary>
public sealed class EvaluateModelConsumer(
    LocalBlobCache cache,
    ModelEvaluation evaluation,
    BlobStore store,
    RunTracking tracking,
    IHostApplicationLifetime lifetime,
    ILogger<EvaluateModelConsumer> logger) : IConsumer<EvaluateModel>
{
    public async Task Consume(ConsumeContext<EvaluateModel> context)
    {
        var command = context.Message;
        using var activity = EvaluatorTelemetry.ActivitySource.StartActivity("evaluate run");
        activity?.SetTag("aevlp.run_id", command.RunId);
        await using var lease = await RunLease.TryAcquireAsync(store, command.RunId, "evaluation", lifetime.ApplicationStopping);
        if (lease is null)
        {
            logger.LogInformation("Run {RunId} is being evaluated by another replica; dropping this delivery", command.RunId);
            return;
        }
        using var run = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping, lease.Lost);
        try
        {
            var result = await evaluation.RunAsync(command, context, run.Token);
            await tracking.LogTestMetricsAsync(command.TrackingRunId, result, run.Token);
            await context.Publish(result.Evaluated, CancellationToken.None);
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException or ArgumentException or ML.Data.DatasetValidationException
                                       or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            logger.LogWarning(e, "Run {RunId} evaluation failed: {Reason}", command.RunId, e.Message);
            await context.Publish(new RunFailed(command.RunId, Stage.Evaluation, command.Attempt, cache.BlobNamesIn(e.Message)), CancellationToken.None);
        }
    }
}
