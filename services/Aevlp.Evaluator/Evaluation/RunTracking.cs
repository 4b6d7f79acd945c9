using Aevlp.Contracts;
using Aevlp.Tracking.Client;
using Aevlp.Tracking.Client.Protocol;

namespace Aevlp.Evaluator.Evaluation;

/// <summary>What the evaluator tells the experiment tracker: the test metrics of spec §6 (percent).</summary>
public sealed class RunTracking(MlflowClient tracker)
{
    public Task LogTestMetricsAsync(string trackingRunId, ModelEvaluated evaluated, CancellationToken cancellationToken)
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var m = evaluated.Metrics;
        Metric[] metrics =
        [
            new("test_map", m.Map, now), new("test_cp", m.CP, now), new("test_cr", m.CR, now), new("test_cf1", m.CF1, now),
            new("test_op", m.OP, now), new("test_or", m.OR, now), new("test_of1", m.OF1, now),
            new("evaluation_seconds", evaluated.Seconds, now),
        ];
        return tracker.LogBatchAsync(trackingRunId, metrics, ct: cancellationToken);
    }
}
