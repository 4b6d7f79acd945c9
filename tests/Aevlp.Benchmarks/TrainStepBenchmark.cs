using Aevlp.Configuration;
using Aevlp.ML.Losses;
using Aevlp.ML.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Aevlp.Benchmarks;

/// <summary>
/// One training step of the loop (forward, GPR loss, backward, Adam with the head at lr × lr_mult) for the
/// backbones the platform trains; python/trainstep_benchmark.py does the same step in PyTorch.
/// </summary>
public sealed class TrainStepBenchmark : IBenchmark
{
    private const int Classes = 20, BatchSize = 8;
    private const double LearningRate = 1e-5, LearningRateMultiplier = 10;

    private static readonly (Architecture Arch, int Size)[] Cases =
        [(Architecture.ResNet18, 64), (Architecture.ResNet18, 224), (Architecture.ResNet50, 224)];

    private static readonly LossOptions GprOptions = new(ExpectedPositives: 1.5, LabelSmoothing: 0.1)
    {
        GprWeights = new GprWeights(W: 1.0, B: -2.0, Mu: 0.6, Sigma: 1.0),
        Gpr = new GprSettings(Q2: 0.01, Q3: 1, Rho: 0.9, Lam1: 0.7, Lam2: 0.4, Reg: 0.05, UsePseudoLabels: true),
    };

    public string Name => "trainstep";
    public string Description => $"train step (forward, GPR, backward, Adam), batch {BatchSize}: ResNet-18 64/224 px, ResNet-50 224 px";

    public Task RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        foreach (var (arch, size) in Cases)
        {
            var timing = Measure.Median(StepOf(arch, size, out var dispose), options.Runs);
            dispose();
            Console.WriteLine($"trainstep {ConfigNames.Architectures.Of(arch)} {size}px batch {BatchSize}: {timing}");
        }
        return Task.CompletedTask;
    }

    private static Action StepOf(Architecture arch, int size, out Action dispose)
    {
        manual_seed(1200);
        var model = Architectures.Create(arch, Classes);
        model.train();
        var optimizer = optim.Adam(
        [
            new Adam.ParamGroup(model.Backbone.parameters(), new Adam.Options { LearningRate = LearningRate }),
            new Adam.ParamGroup(model.Head.parameters(), new Adam.Options { LearningRate = LearningRate * LearningRateMultiplier }),
        ], LearningRate);
        var images = randn(BatchSize, 3, size, size);
        var observed = zeros(BatchSize, Classes);
        for (int i = 0; i < BatchSize; i++) observed[i, i % Classes] = 1;
        var pseudo = randint(-1, 2, [BatchSize, Classes]).to(float32);
        dispose = () =>
        {
            optimizer.Dispose();
            model.Dispose();
            images.Dispose();
            observed.Dispose();
            pseudo.Dispose();
        };
        return () =>
        {
            using var scope = NewDisposeScope();
            var loss = LossSelector.Compute(Loss.Gpr, new LossBatch(model.call(images), observed) { Pseudo = pseudo }, GprOptions);
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        };
    }
}
