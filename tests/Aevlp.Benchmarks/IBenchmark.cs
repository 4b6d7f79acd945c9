namespace Aevlp.Benchmarks;

/// <summary>One named measurement; `dotnet run -c Release --project tests/Aevlp.Benchmarks -- NAME`.</summary>
public interface IBenchmark
{
    string Name { get; }
    string Description { get; }
    Task RunAsync(BenchmarkOptions options, CancellationToken cancellationToken);
}

/// <param name="Runs">Timed repetitions; the median is reported.</param>
/// <param name="Threads">Intra-op threads for LibTorch and parallel loops.</param>
public sealed record BenchmarkOptions(int Runs, int Threads)
{
    /// <summary><c>--sizes</c>: dataset sizes for benchmarks that scale one; null keeps the benchmark's own.</summary>
    public IReadOnlyList<int>? Sizes { get; init; }

    /// <summary><c>--grids</c>: DAMP grid sizes G; null keeps the benchmark's own.</summary>
    public IReadOnlyList<int>? Grids { get; init; }
}
