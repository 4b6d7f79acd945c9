using System.Collections;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Aevlp.ML.Models;

/// <summary>Torchvision state dicts saved by PyTorch (<c>torch.save(model.state_dict())</c>, zip format) or as safetensors,
/// checked against a backbone's layout key by key before anything is loaded. TorchSharp.PyBridge reads the files; its own
/// module loaders are not used because they check key names only, let some mis-shaped tensors through and leave the
/// parameters frozen.</summary>
public static class PretrainedWeights
{
    /// <summary>torchvision's ImageNet classifier; this project replaces it with its own multi-label head.</summary>
    private static readonly string[] ClassifierKeys = ["fc.weight", "fc.bias"];

    /// <summary>How many tensors the file holds, and every key of it that is missing from, unexpected in or mis-shaped for
    /// <paramref name="backbone"/> (none when the file loads). A file that cannot be read at all is one problem.</summary>
    public static (int Tensors, IReadOnlyList<string> Problems) Check(Backbone backbone, string path)
    {
        var (tensors, unreadable) = Read(path);
        if (unreadable is not null) return (0, [unreadable]);
        using (DisposeAll(tensors)) return (tensors!.Count, Compare(backbone, tensors));
    }

    /// <exception cref="Contracts.InvalidInputException">The file is unreadable or does not fit the backbone; every problem is listed.</exception>
    public static void Load(Backbone backbone, string path)
    {
        var (tensors, unreadable) = Read(path);
        if (unreadable is not null) throw new Contracts.InvalidInputException($"pretrained_weights: {unreadable}");
        using var owned = DisposeAll(tensors);
        var problems = Compare(backbone, tensors!);
        if (problems.Count > 0)
            throw new Contracts.InvalidInputException($"pretrained_weights: '{path}' does not fit {backbone.GetName()}: {string.Join("; ", problems)}");
        using (no_grad())
        {
            var targets = backbone.state_dict();
            foreach (var (key, target) in targets) target.copy_(tensors![key]);
        }
    }

    private static List<string> Compare(Backbone backbone, Dictionary<string, Tensor> file)
    {
        var expected = backbone.state_dict();
        var problems = new List<string>();
        foreach (var (key, tensor) in expected)
        {
            if (!file.TryGetValue(key, out var found)) problems.Add($"missing key {key} {Shape(tensor)}");
            else if (!found.shape.SequenceEqual(tensor.shape)) problems.Add($"{key} is {Shape(found)} in the file, {Shape(tensor)} in {backbone.GetName()}");
            else if (found.is_floating_point() != tensor.is_floating_point()) problems.Add($"{key} is {found.dtype} in the file, {tensor.dtype} in {backbone.GetName()}");
        }
        problems.AddRange(file.Keys.Where(key => !expected.ContainsKey(key) && !ClassifierKeys.Contains(key)).Order(StringComparer.Ordinal)
            .Select(key => $"unexpected key {key} {Shape(file[key])}"));
        return problems;
    }

    private static (Dictionary<string, Tensor>? Tensors, string? Problem) Read(string path)
    {
        if (!File.Exists(path)) return (null, $"file '{path}' not found");
        try
        {
            return path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase)
                ? (Safetensors.LoadStateDict(path), null)
                : Flat(PyTorchUnpickler.UnpickleStateDict(path), path);
        }
        catch (Exception error) when (error is NotImplementedException or InvalidDataException or IOException or FormatException
            or System.Text.Json.JsonException or ArgumentException or InvalidCastException or System.Runtime.InteropServices.ExternalException)
        {
            return (null, $"'{path}' is not a state dict written by torch.save (zip format) or safetensors: {error.Message}");
        }
    }

    // A checkpoint that nests the state dict ({"model": …, "epoch": 3}) is named as such rather than read as empty.
    private static (Dictionary<string, Tensor>?, string?) Flat(Hashtable entries, string path)
    {
        var tensors = new Dictionary<string, Tensor>();
        var other = new List<string>();
        foreach (DictionaryEntry entry in entries)
        {
            if (entry.Value is Tensor tensor) tensors[(string)entry.Key] = tensor;
            else other.Add((string)entry.Key);
        }
        if (other.Count == 0) return (tensors, null);
        foreach (var tensor in tensors.Values) tensor.Dispose();
        return (null, $"'{path}' holds entries that are not tensors ({string.Join(", ", other.Order(StringComparer.Ordinal))}); " +
            "expected a flat state dict, as torch.save(model.state_dict(), path) writes");
    }

    private static IDisposable DisposeAll(Dictionary<string, Tensor>? tensors) => new TensorSet(tensors?.Values ?? Enumerable.Empty<Tensor>());

    private static string Shape(Tensor tensor) => $"[{string.Join(", ", tensor.shape)}]";

    private sealed class TensorSet(IEnumerable<Tensor> tensors) : IDisposable
    {
        public void Dispose()
        {
            foreach (var tensor in tensors) tensor.Dispose();
        }
    }
}
