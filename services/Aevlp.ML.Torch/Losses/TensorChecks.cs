using static TorchSharp.torch;

namespace Aevlp.ML.Losses;

/// <summary>Argument checks that name the offending tensor and its expected and actual shape.</summary>
internal static class TensorChecks
{
    public static void RequireMatrix(Tensor tensor, string name)
    {
        ArgumentNullException.ThrowIfNull(tensor, name);
        if (tensor.dim() != 2)
        {
            throw new ArgumentException($"expected a [B, C] matrix, got shape {ShapeOf(tensor)}", name);
        }
    }

    /// <summary>Checks that <paramref name="logits"/> is [B, C] and <paramref name="labels"/> has its shape.</summary>
    public static void RequireLabelsFor(Tensor logits, Tensor labels, string name)
    {
        RequireMatrix(logits, nameof(logits));
        RequireSameShape(logits, labels, name);
    }

    public static void RequireSameShape(Tensor reference, Tensor tensor, string name)
    {
        ArgumentNullException.ThrowIfNull(tensor, name);
        if (!reference.shape.SequenceEqual(tensor.shape))
        {
            throw new ArgumentException(
                $"expected shape {ShapeOf(reference)}, got {ShapeOf(tensor)}", name);
        }
    }

    public static string ShapeOf(Tensor tensor) => $"[{string.Join(", ", tensor.shape)}]";
}
