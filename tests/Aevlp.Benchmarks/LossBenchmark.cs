using Aevlp.Configuration;
using Aevlp.ML.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace Aevlp.Benchmarks;

/// <summary>GPR loss forward and backward on one CUB-sized batch: the loss's share of a training step.</summary>
public sealed class LossBenchmark : IBenchmark
{
    private const int BatchSize = 16, Classes = 312, CallsPerRun = 200;

    private static readonly LossOptions Options = new(ExpectedPositives: 31.4, LabelSmoothing: 0.1)
    {
        GprWeights = new GprWeights(W: 5.0, B: -5.0, Mu: 0.68, Sigma: 1.1),
        Gpr = new GprSettings(Q2: 0.01, Q3: 1.5, Rho: 0.9, Lam1: 0.8, Lam2: 0.2, Reg: 0.01, UsePseudoLabels: true),
    };

    public string Name => "loss";
    public string Description => $"GPR loss forward + backward, {BatchSize} × {Classes} batch (float32, CPU)";

    public Task RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(1200);
        var logits = randn(BatchSize, Classes, generator: generator).requires_grad_();
        var observed = zeros(BatchSize, Classes);
        for (int i = 0; i < BatchSize; i++) observed[i, i * 7 % Classes] = 1;
        var pseudo = randint(-1, 2, [BatchSize, Classes], generator: generator).to_type(float32);
        var batch = new LossBatch(logits, observed) { Pseudo = pseudo };

        var timing = Measure.Median(() =>
        {
            for (int call = 0; call < CallsPerRun; call++)
            {
                using var callScope = NewDisposeScope();
                logits.grad?.zero_();
                LossSelector.Compute(Loss.Gpr, batch, Options).backward();
            }
        }, options.Runs);
        Console.WriteLine($"loss: {timing} per {CallsPerRun} calls; median {timing.MedianSeconds / CallsPerRun * 1e6:F1} µs per call");
        return Task.CompletedTask;
    }
}
