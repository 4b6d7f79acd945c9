using Aevlp.Tracking.Client.Protocol;
using Aevlp.Tracking.Storage;

namespace Aevlp.Tracking.Pages.Shared;

/// <summary>Metric histories of some runs, one chart per metric key, one line per run.</summary>
public sealed class MetricCharts(MetricHistory history)
{
    public async Task<IReadOnlyList<(string Key, IReadOnlyList<ChartSeries> Series)>> LoadAsync(IReadOnlyList<Run> runs, CancellationToken ct)
    {
        var keys = runs.SelectMany(r => r.Data.Metrics.Select(m => m.Key)).Distinct().Order();
        var charts = new List<(string, IReadOnlyList<ChartSeries>)>();
        foreach (var key in keys)
        {
            var series = new List<ChartSeries>();
            foreach (var run in runs.Where(r => r.Data.Metrics.Any(m => m.Key == key)))
            {
                var values = await history.GetAsync(run.Info.RunId, key, MetricHistory.DefaultMaxResults, null, ct);
                series.Add(new ChartSeries(run.Info.RunName, values.Metrics.Select(m => (m.Step, m.Value)).ToArray()));
            }
            charts.Add((key, series));
        }
        return charts;
    }

    /// <summary>Whether a metric is worth a chart: some run logged it at more than one step (a single value, such as a test
    /// metric, goes in a table instead).</summary>
    public static bool HasSteps((string Key, IReadOnlyList<ChartSeries> Series) chart) =>
        chart.Series.Any(s => s.Points.Select(point => point.Step).Distinct().Count() > 1);
}
