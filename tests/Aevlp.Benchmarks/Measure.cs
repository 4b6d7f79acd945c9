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
