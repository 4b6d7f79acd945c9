using TorchSharp.PyBridge;

namespace Aevlp.ML.Models;

/// <summary>Loads torchvision ResNet weights saved by PyTorch (<c>torch.save(model.state_dict())</c> or safetensors).</summary>
public static class PretrainedWeights
{
    /// <summary>torchvision's ImageNet classifier; this project replaces it with its own multi-label head.</summary>
    private static readonly string[] ClassifierKeys = ["fc.weight", "fc.bias"];

    /// <exception cref="ArgumentException">The file is missing, unreadable, or its tensors do not match the backbone's.</exception>
    public static void Load(Backbone backbone, string path)
    {
        if (!File.Exists(path)) throw new ArgumentException($"pretrained_weights: file '{path}' not found", nameof(path));
        try
        {
            if (path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
                backbone.load_safetensors(path, strict: true, skip: ClassifierKeys);
            else
                backbone.load_py(path, strict: true, skip: ClassifierKeys);
        }
        catch (Exception error) when (error is not ArgumentException)
        {
            throw new ArgumentException(
                $"pretrained_weights: '{path}' is not a {backbone.GetName()} state dict in torchvision layout: {error.Message}", nameof(path), error);
        }
    }
}
