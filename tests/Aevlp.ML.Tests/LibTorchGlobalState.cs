namespace Aevlp.ML.Tests;

/// <summary>
/// Tests that seed or draw from LibTorch's process-wide RNG, or set its thread count, run alone: a training run
/// initialises its model from the global generator after <c>manual_seed</c>, and a concurrent draw elsewhere
/// would break its bit-for-bit repeatability.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LibTorchGlobalState
{
    public const string Name = "LibTorch global state";
}
