using System.Diagnostics;
using Aevlp.ML.Inference;
using Aevlp.ML.Teachers;

namespace Aevlp.Benchmarks;

/// <summary>
/// How cost grows (issue #10, speed item 4), for the demo recipe of configs/fashion-mosaic.json: one training epoch's
/// time and peak memory for N official train images at the config's G = 2, and per grid size G the teacher's cost
/// per image, the per-epoch DAMP time, the logits file and the epoch time at the smallest N.
/// </summary>
public sealed class ScalingBenchmark : IBenchmark
{
    private static readonly int[] DefaultSizes = [1000, 4000, 16000], DefaultGrids = [1, 2, 3, 4];

    /// <summary>configs/fashion-mosaic.json's grid_size, used for the N sweep.</summary>
    private const int RecipeGrid = 2;

    public string Name => "scaling";

    public string Description =>
        "how cost grows: demo-recipe epoch time and peak memory for N train images, teacher/DAMP/epoch cost per grid G";

    public async Task RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        var sizes = options.Sizes ?? DefaultSizes;
        var grids = options.Grids ?? DefaultGrids;
        int gridImages = sizes.Min();
        string loadBefore = ScalingReport.LoadAverage();

        var clock = Stopwatch.StartNew();
        ScalingInputs.EnsureDataset(Math.Max(sizes.Max(), TeacherGridCost.Images));
        var execution = OnnxExecution.Cpu(options.Threads);
        DemoFashionMosaic.Ensure(execution);
        Console.WriteLine($"inputs ready after {clock.Elapsed.TotalSeconds:F0} s (mosaics and demo teacher; not part of any timing)");

        var teacherCost = new Dictionary<int, TimingResult>();
        // Disposed before the training cases start: ONNX Runtime's idle threads must not compete with them.
        using (var teacher = Teacher.Load(DemoFashionMosaic.Teacher, execution))
        {
            var paths = ScalingInputs.TrainImagePaths(TeacherGridCost.Images);
            foreach (int grid in grids)
            {
                teacherCost[grid] = await TeacherGridCost.MeasureAsync(teacher, paths, grid, cancellationToken);
                Console.WriteLine($"teacher G={grid}: {teacherCost[grid].MedianSeconds:F1} s for {TeacherGridCost.Images} images");
            }
        }

        var trainingOptions = ScalingInputs.Options(options.Threads);
        var cases = new Dictionary<(int Images, int Grid), ScalingOutcome>();
        foreach (var (images, grid) in sizes.Select(n => (n, RecipeGrid)).Concat(grids.Select(g => (gridImages, g))).Distinct())
        {
            long logitsBytes = ScalingInputs.WriteLogits(images, grid);
            var damp = ScalingDamp.Measure(ScalingInputs.Load(images, grid), trainingOptions, options.Runs);
            var epoch = await ScalingCase.InChildAsync(images, grid, options.Threads, cancellationToken);
            File.Delete(ScalingInputs.LogitsFile(images, grid));
            cases[(images, grid)] = new ScalingOutcome(epoch, damp, logitsBytes);
            Console.WriteLine($"case N={images} G={grid}: epoch {epoch.EpochSeconds:F1} s, peak RSS {ScalingReport.MiB(epoch.PeakResidentBytes)}");
        }

        Console.WriteLine();
        ScalingReport.Print(sizes, grids, RecipeGrid, gridImages, cases, teacherCost, options, loadBefore);
    }
}

/// <summary>One case's measurements: the child's epoch, the parent's DAMP timing and the size of the logits file.</summary>
public sealed record ScalingOutcome(ScalingResult Epoch, TimingResult Damp, long LogitsBytes);
