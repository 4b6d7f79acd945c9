using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Aevlp.ML.Training;

namespace Aevlp.Benchmarks;

/// <summary>
/// One (N, G) case of the scaling benchmark in a process of its own, so that VmHWM is that case's peak and not the
/// largest case's so far: the parent re-invokes this executable with <see cref="Argument"/>; the child trains one
/// epoch through the real <see cref="Trainer"/> (what the trainer service runs) and prints one result line.
/// </summary>
public static class ScalingCase
{
    public const string Argument = "--scaling-case";
    private const string ResultPrefix = "scaling-result ";

    /// <summary>Child side. <paramref name="spec"/> is "N,G"; its inputs are already under <see cref="ScalingInputs.Root"/>.</summary>
    public static async Task<int> RunAsync(string spec, int threads)
    {
        var parts = spec.Split(',').Select(int.Parse).ToArray();
        var data = ScalingInputs.Load(parts[0], parts[1]);
        long residentBefore = ProcessMemory.ResidentBytes();
        var timeline = new EpochTimeline();
        var result = await Trainer.RunAsync(data, ScalingInputs.Options(threads), new TrainingHooks { Progress = timeline });
        result.Model.Dispose();
        long peakResident = ProcessMemory.PeakResidentBytes();
        // What stays: the data that grows with N (paths, labels, logits) and the runtime's own, without garbage.
        long liveManaged = GC.GetTotalMemory(forceFullCollection: true);
        var outcome = new ScalingResult(parts[0], parts[1], data.Train.Count, data.Val.Count, timeline.EpochSeconds,
            timeline.TrainSeconds, timeline.ValidationSeconds, residentBefore, timeline.PeakResidentBytes, peakResident,
            timeline.PeakManagedBytes, liveManaged);
        Console.WriteLine(ResultPrefix + JsonSerializer.Serialize(outcome));
        return 0;
    }

    /// <summary>Parent side: runs the case in a child process and reads its result line.</summary>
    public static async Task<ScalingResult> InChildAsync(int images, int grid, int threads, CancellationToken cancellationToken)
    {
        var executable = Environment.ProcessPath!;
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true };
        // Under `dotnet Aevlp.Benchmarks.dll` the process is the dotnet host, which needs the assembly again.
        if (Path.GetFileNameWithoutExtension(executable) == "dotnet") start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        foreach (var argument in new[] { "--threads", $"{threads}", Argument, $"{images},{grid}" }) start.ArgumentList.Add(argument);

        using var child = Process.Start(start)!;
        string output = await child.StandardOutput.ReadToEndAsync(cancellationToken);
        await child.WaitForExitAsync(cancellationToken);
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith(ResultPrefix, StringComparison.Ordinal));
        if (child.ExitCode != 0 || line is null)
            throw new InvalidOperationException($"scaling case N={images}, G={grid} failed (exit {child.ExitCode}):\n{output}");
        return JsonSerializer.Deserialize<ScalingResult>(line[ResultPrefix.Length..])!;
    }
}

/// <param name="TrainImages">The train split of the N official train images (the rest is validation).</param>
/// <param name="ResidentBeforeBytes">VmRSS after loading data and logits, before the trainer starts.</param>
/// <param name="EpochResidentBytes">The largest VmRSS sampled at the epoch's progress reports.</param>
/// <param name="PeakResidentBytes">VmHWM of the whole child process.</param>
/// <param name="LiveManagedBytes">Managed heap after a full collection at the end, the data still referenced.</param>
public sealed record ScalingResult(int Images, int Grid, int TrainImages, int ValImages, double EpochSeconds,
    double TrainSeconds, double ValidationSeconds, long ResidentBeforeBytes, long EpochResidentBytes, long PeakResidentBytes,
    long PeakManagedBytes, long LiveManagedBytes);
