using System.Reflection;
using Aevlp.Benchmarks;

// Usage: Aevlp.Benchmarks [NAME ...] [--runs N] [--threads T] [--sizes 1000,4000] [--grids 1,2]. No NAME lists the benchmarks.
var benchmarks = Assembly.GetExecutingAssembly().GetTypes()
    .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && !t.IsAbstract && !t.IsInterface)
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name)
    .ToList();

int runs = 7, threads = Environment.ProcessorCount;
int[]? sizes = null, grids = null;
string? scalingCase = null;
var names = new List<string>();
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--runs": runs = int.Parse(args[++i]); break;
        case "--threads": threads = int.Parse(args[++i]); break;
        case "--sizes": sizes = [.. args[++i].Split(',').Select(int.Parse)]; break;
        case "--grids": grids = [.. args[++i].Split(',').Select(int.Parse)]; break;
        // Hidden: the scaling benchmark re-invokes this executable per case, so each case's peak memory is its own.
        case ScalingCase.Argument: scalingCase = args[++i]; break;
        default: names.Add(args[i]); break;
    }
}

if (scalingCase is not null)
{
    TorchSharp.torch.set_num_threads(threads);
    return await ScalingCase.RunAsync(scalingCase, threads);
}

if (names.Count == 0)
{
    foreach (var b in benchmarks) Console.WriteLine($"{b.Name,-28} {b.Description}");
    return 0;
}

TorchSharp.torch.set_num_threads(threads);
var options = new BenchmarkOptions(runs, threads) { Sizes = sizes, Grids = grids };
foreach (var name in names)
{
    var benchmark = benchmarks.FirstOrDefault(b => b.Name == name);
    if (benchmark is null)
    {
        Console.Error.WriteLine($"unknown benchmark '{name}'; run without arguments to list them");
        return 2;
    }
    Console.WriteLine($"# {benchmark.Name}: {benchmark.Description} (threads {threads}, runs {runs})");
    await benchmark.RunAsync(options, CancellationToken.None);
}
return 0;
