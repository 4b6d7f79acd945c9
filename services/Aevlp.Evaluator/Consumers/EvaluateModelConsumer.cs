using System.Diagnostics;
using Aevlp.Contracts;
using Aevlp.Evaluator.Evaluation;
using Aevlp.Evaluator.Telemetry;
using Aevlp.ServiceDefaults;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Aevlp.Evaluator.Consumers;

/// <summary>Evaluates one run per delivery under the run's evaluation lease (the one stage-consumer shape,
/// <see cref="StageConsumer{TCommand}"/>): test metrics to the tracker, <see cref="ModelEvaluated"/> to the registry.</summary>
public sealed class EvaluateModelConsumer(StageConsumerServices services, ModelEvaluation evaluation, TestMetricsTracking tracking,
    IOptions<EvaluatorOptions> options) : StageConsumer<EvaluateModel>(services)
{
    protected override Stage Stage => Stage.Evaluation;

    protected override string Worker => options.Value.Worker;

    protected override ActivitySource Activities => EvaluatorTelemetry.ActivitySource;

    protected override async Task<object> RunAsync(ConsumeContext<EvaluateModel> context, CancellationToken cancellationToken)
    {
        var command = context.Message;
        using var model = await evaluation.DownloadModelAsync(command, cancellationToken);
        var result = await evaluation.RunAsync(command, model, context, cancellationToken);
        await tracking.LogTestMetricsAsync(command.TrackingRunId, result, model, cancellationToken);
        return result.Evaluated;
    }
}
