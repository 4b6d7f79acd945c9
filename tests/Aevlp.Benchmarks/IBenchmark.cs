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
public sealed record BenchmarkOptions(int Runs, int Threads);
