using Aevlp.ML.Models;
using Aevlp.ML.Onnx.Protos;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Aevlp.ML.Onnx;

/// <summary>
/// Copies the weights of an ONNX ResNet made of Conv → BatchNormalization pairs (such as the CNTK export in
/// Microsoft.ML.DnnImageFeaturizer.ResNet18) into a <see cref="ResNet"/> of the same layout. Node names in such
/// files are meaningless ("Convolution249"), so pairs are matched by position: the stem first, then each block's
/// pairs, where a block's pairs are matched to its layers by weight shape (which separates the 1×1 projection from
/// the 3×3 convolutions, whatever order the exporter wrote them in).
/// </summary>
internal static class OnnxResNetImporter
{
    private sealed record ConvNorm(NodeProto Conv, NodeProto Norm);

    public static void Import(string path, ResNet target)
    {
        var model = OnnxFiles.Read(path);
        var pairs = new Queue<ConvNorm>(ConvNormPairs(model, path));
        using var noGrad = no_grad();
        Copy(model, path, pairs.Dequeue(), target.Stem.Conv, target.Stem.Norm);
        foreach (var block in target.Blocks)
        {
            var layers = LayerPairs(block).ToList();
            var group = Enumerable.Range(0, layers.Count).Select(_ => Dequeue(pairs, path)).ToList();
            foreach (var (conv, norm) in layers)
            {
                var match = group.FirstOrDefault(pair => WeightShape(model, pair) .SequenceEqual(conv.weight.shape))
                    ?? throw new InvalidDataException(
                        $"{path}: no Conv node near '{group[0].Conv.Name}' has a weight of shape [{string.Join(", ", conv.weight.shape)}]");
                group.Remove(match);
                Copy(model, path, match, conv, norm);
            }
        }
        if (pairs.Count > 0)
            throw new InvalidDataException($"{path}: {pairs.Count} Conv nodes are left over; the model has more blocks than {target.GetName()}");
    }

    private static IEnumerable<(Conv2d Conv, BatchNorm2d Norm)> LayerPairs(ResidualBlock block)
    {
        var layers = block.MainPath.Select(layer => layer.Module)
            .Concat(block.Downsample?.children() ?? []).ToList();
        var convs = layers.OfType<Conv2d>().ToList();
        var norms = layers.OfType<BatchNorm2d>().ToList();
        return convs.Zip(norms);
    }

    private static IEnumerable<ConvNorm> ConvNormPairs(ModelProto model, string path)
    {
        var consumers = model.Graph.Node.Where(node => node.OpType == "BatchNormalization")
            .ToDictionary(node => node.Input[0]);
        foreach (var conv in model.Graph.Node.Where(node => node.OpType == "Conv"))
        {
            yield return consumers.TryGetValue(conv.Output[0], out var norm)
                ? new ConvNorm(conv, norm)
                : throw new InvalidDataException($"{path}: Conv node '{conv.Name}' is not followed by BatchNormalization");
        }
    }

    private static ConvNorm Dequeue(Queue<ConvNorm> pairs, string path) =>
        pairs.TryDequeue(out var pair) ? pair
            : throw new InvalidDataException($"{path}: too few Conv nodes for the expected ResNet layout");

    private static long[] WeightShape(ModelProto model, ConvNorm pair) =>
        [.. model.Graph.Initializer.First(t => t.Name == pair.Conv.Input[1]).Dims];

    private static void Copy(ModelProto model, string path, ConvNorm pair, Conv2d conv, BatchNorm2d norm)
    {
        CopyInto(conv.weight, model, pair.Conv.Input[1], path);
        CopyInto(norm.weight!, model, pair.Norm.Input[1], path);
        CopyInto(norm.bias!, model, pair.Norm.Input[2], path);
        CopyInto(norm.running_mean!, model, pair.Norm.Input[3], path);
        CopyInto(norm.running_var!, model, pair.Norm.Input[4], path);
    }

    private static void CopyInto(Tensor destination, ModelProto model, string initializer, string path)
    {
        using var source = OnnxFiles.Initializer(model, initializer, path);
        if (!source.shape.SequenceEqual(destination.shape))
            throw new InvalidDataException(
                $"{path}: initializer '{initializer}' has shape [{string.Join(", ", source.shape)}], expected [{string.Join(", ", destination.shape)}]");
        destination.copy_(source);
    }
}
