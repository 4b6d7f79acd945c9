using System.Diagnostics;

namespace Aevlp.Benchmarks;

/// <summary>The one timing method every benchmark uses: warm-up runs, then the median of timed runs.</summary>
public static class Measure
{
    public static TimingResult Median(Action action, int runs, int warmups = 2)
    {
        for (int i = 0; i < warmups; i++) action();
        var seconds = new double[runs];
        for (int i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            seconds[i] = watch.Elapsed.TotalSeconds;
        }
        Array.Sort(seconds);
        double median = runs % 2 == 1 ? seconds[runs / 2] : (seconds[runs / 2 - 1] + seconds[runs / 2]) / 2;
        return new TimingResult(median, seconds[0], seconds[^1], runs);
    }
}

public sealed record TimingResult(double MedianSeconds, double MinSeconds, double MaxSeconds, int Runs)
{
    public override string ToString() =>
        $"median {MedianSeconds * 1000:F2} ms (min {MinSeconds * 1000:F2}, max {MaxSeconds * 1000:F2}, n={Runs})";
}

/// <summary>Latency percentiles of an async call (for servers, where the tail matters as much as the median).</summary>
public static class MeasureLatency
{
    public static async Task<LatencyResult> PercentilesAsync(Func<Task> call, int runs, int warmups = 3)
    {
        for (int i = 0; i < warmups; i++) await call();
        var ms = new double[runs];
        for (int i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await call();
            ms[i] = watch.Elapsed.TotalMilliseconds;
        }
        Array.Sort(ms);
        return new LatencyResult(Percentile(ms, 0.50), Percentile(ms, 0.95), ms[^1], runs);
    }

    /// <summary>Nearest-rank percentile (<paramref name="p"/> in [0, 1]) of sorted samples.</summary>
    public static double Percentile(double[] sorted, double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

public sealed record LatencyResult(double P50Ms, double P95Ms, double MaxMs, int Runs)
{
    public override string ToString() => $"p50 {P50Ms:F1} ms, p95 {P95Ms:F1} ms (max {MaxMs:F1}, n={Runs})";
}
