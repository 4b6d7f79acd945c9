using static TorchSharp.torch;

namespace Aevlp.ML.Models;

/// <summary>A layer with its state-dict name; ordered lists of these describe a forward pass as data.</summary>
public sealed record NamedModule(string Name, nn.Module<Tensor, Tensor> Module);
