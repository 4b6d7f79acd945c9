using Aevlp.Tracking.Client.Protocol;

namespace Aevlp.Tracking.Client;

/// <summary>Splits metrics, params and tags into log-batch requests within the server's limits: up to
/// 1000 metrics, 100 params and 100 tags, 1000 items in all, per request.</summary>
public static class LogBatches
{
    public static IEnumerable<LogBatchRequest> Split(string runId, IReadOnlyList<Metric> metrics, IReadOnlyList<Param> @params,
        IReadOnlyList<RunTag> tags)
    {
        int m = 0, p = 0, t = 0;
        while (m < metrics.Count || p < @params.Count || t < tags.Count)
        {
            int paramCount = Math.Min(MlflowLimits.MaxParamsPerBatch, @params.Count - p);
            int tagCount = Math.Min(MlflowLimits.MaxTagsPerBatch, tags.Count - t);
            int metricCount = Math.Min(Math.Min(MlflowLimits.MaxMetricsPerBatch, metrics.Count - m),
                MlflowLimits.MaxItemsPerBatch - paramCount - tagCount);
            yield return new LogBatchRequest(runId,
                Slice(metrics, m, metricCount), Slice(@params, p, paramCount), Slice(tags, t, tagCount));
            m += metricCount;
            p += paramCount;
            t += tagCount;
        }
    }

    private static IReadOnlyList<T>? Slice<T>(IReadOnlyList<T> items, int start, int count) =>
        count == 0 ? null : items.Skip(start).Take(count).ToArray();
}
