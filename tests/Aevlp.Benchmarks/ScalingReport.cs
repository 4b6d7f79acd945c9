using System.Globalization;
using System.Runtime.InteropServices;

namespace Aevlp.Benchmarks;

/// <summary>The scaling benchmark's markdown tables and method lines, printed so docs/benchmarks.md can take them verbatim.</summary>
public static class ScalingReport
{
    public static void Print(IReadOnlyList<int> sizes, IReadOnlyList<int> grids, int recipeGrid, int gridImages,
        IReadOnlyDictionary<(int Images, int Grid), ScalingOutcome> cases, IReadOnlyDictionary<int, TimingResult> teacher,
        BenchmarkOptions options, string loadBefore)
    {
        Console.WriteLine($"**By training set size** (G = {recipeGrid}; N official train images, split 80/20 into train and val):");
        Console.WriteLine();
        Console.WriteLine("| N (train + val) | epoch | train pass (DAMP + steps) | train images/s | validation (mAP) | DAMP per epoch | peak RSS (VmHWM) | RSS before training | RSS in epoch (max) | managed heap peak / live |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (int n in sizes)
        {
            var (epoch, damp, _) = cases[(n, recipeGrid)];
            Console.WriteLine($"| {n:N0} ({epoch.TrainImages:N0} + {epoch.ValImages:N0}) | {epoch.EpochSeconds:F1} s | {epoch.TrainSeconds:F1} s | " +
                $"{epoch.TrainImages / epoch.TrainSeconds:F1} | {epoch.ValidationSeconds:F1} s | {Ms(damp)} | {MiB(epoch.PeakResidentBytes)} | " +
                $"{MiB(epoch.ResidentBeforeBytes)} | {MiB(epoch.EpochResidentBytes)} | {MiB(epoch.PeakManagedBytes)} / {MiB(epoch.LiveManagedBytes)} |");
        }

        Console.WriteLine();
        Console.WriteLine($"**By grid size** (views 1 + G²; teacher: {TeacherGridCost.Images} mosaics × {TeacherGridCost.Variants} flip variants; " +
            $"DAMP, logits and epoch at N = {gridImages:N0}):");
        Console.WriteLine();
        Console.WriteLine("| G | views | teacher views/s | teacher s/image | " + string.Concat(sizes.Select(n => $"teacher pass N={n:N0} | ")) +
            $"DAMP per epoch | logits file (float16) | epoch |");
        Console.WriteLine("|---|---|---|---|" + string.Concat(sizes.Select(_ => "---|")) + "---|---|---|");
        foreach (int g in grids)
        {
            int views = 1 + g * g;
            double perImage = teacher[g].MedianSeconds / TeacherGridCost.Images;
            var (epoch, damp, bytes) = cases[(gridImages, g)];
            Console.WriteLine($"| {g} | {views} | {TeacherGridCost.Images * views * TeacherGridCost.Variants / teacher[g].MedianSeconds:F1} | {perImage:F2} | " +
                string.Concat(sizes.Select(n => $"{Duration(perImage * n)} | ")) +
                $"{Ms(damp)} | {KiB(bytes)} | {epoch.EpochSeconds:F1} s |");
        }

        var epochs = grids.Select(g => cases[(gridImages, g)].Epoch.EpochSeconds).ToArray();
        Console.WriteLine();
        Console.WriteLine($"Epoch at N = {gridImages:N0} across G: {epochs.Min():F1}–{epochs.Max():F1} s " +
            $"(spread {(epochs.Max() - epochs.Min()) / epochs.Average() * 100:F0} % of the mean).");
        Console.WriteLine("Teacher logits for the epochs and DAMP: deterministic random values (uniform 0.15–0.35) of the real shape " +
            "[N, 1 + G², 2, 10], stored as float16 logits.npy and loaded as the trainer service loads them; not teacher output " +
            "(the teacher on 16k images takes about an hour here). The teacher's cost is measured separately (G table).");
        Console.WriteLine($"Method: threads {options.Threads}, {CpuModel()} ({Environment.ProcessorCount} logical CPUs), " +
            $"{RuntimeInformation.FrameworkDescription}, LibTorch {TorchSharp.torch.__version__}, " +
            $"{DateTime.Now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}, load average before/after {loadBefore} / {LoadAverage()}. " +
            "One epoch (Trainer.RunAsync, num_epochs 1, device cpu) per case, each case in its own process: peak RSS is that process's VmHWM " +
            "(start-up included); RSS in epoch and managed peak (garbage included) are sampled after every batch; managed live " +
            "is after a full GC at the end. The epoch is the trainer's own EpochSummary.Seconds, split at the last optimiser step. " +
            $"DAMP: Measure.Median of {options.Runs} runs in the parent. Teacher: one pass after a 4-image warm-up.");
    }

    public static string MiB(long bytes) => bytes < 0 ? "n/a" : $"{bytes / (1024.0 * 1024):F0} MiB";

    private static string KiB(long bytes) => $"{bytes / 1024.0:F0} KiB";

    private static string Ms(TimingResult timing) => $"{timing.MedianSeconds * 1000:F1} ms";

    private static string Duration(double seconds) => seconds < 120 ? $"{seconds:F0} s" : $"{seconds / 60:F1} min";

    /// <summary>The 1-minute load average: the VM is shared, so the docs quote it beside every timing.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private static string CpuModel() =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU"
            : "unknown CPU";
}
