using System.Text.Json;
using Aevlp.Tracking.Client;
using Aevlp.Tracking.Client.Protocol;

namespace Aevlp.Evaluator.Evaluation;

/// <summary>What the evaluator tells the experiment tracker: the test metrics of spec §6 (percent), and the AP of each
/// class as the artifact <see cref="ClassAveragePrecisionArtifact"/> (as metrics, 80 COCO classes would crowd out the
/// summary columns of the tracker's run table).</summary>
public sealed class TestMetricsTracking(MlflowClient tracker)
{
    public const string ClassAveragePrecisionArtifact = "test-class-ap.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public async Task LogTestMetricsAsync(string trackingRunId, TestEvaluation evaluation, CancellationToken cancellationToken)
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var evaluated = evaluation.Evaluated;
        var m = evaluated.Metrics;
        Metric[] metrics =
        [
            new("test_map", m.Map, now), new("test_cp", m.CP, now), new("test_cr", m.CR, now), new("test_cf1", m.CF1, now),
            new("test_op", m.OP, now), new("test_or", m.OR, now), new("test_of1", m.OF1, now),
            new("evaluation_seconds", evaluated.Seconds, now),
        ];
        await tracker.LogBatchAsync(trackingRunId, metrics, ct: cancellationToken);
        var run = await tracker.GetRunAsync(trackingRunId, cancellationToken);
        using var json = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(evaluation.ClassAveragePrecision, Indented));
        await tracker.UploadArtifactAsync(run.Info, ClassAveragePrecisionArtifact, json, cancellationToken);
    }
}
