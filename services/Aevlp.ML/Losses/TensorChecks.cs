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

    public static void RequireSameShape(Tensor reference, Tensor? tensor, string name)
    {
        if (tensor is null)
        {
            throw new ArgumentException($"expected a tensor of shape {ShapeOf(reference)}, got none", name);
        }
        if (!reference.shape.SequenceEqual(tensor.shape))
        {
            throw new ArgumentException(
                $"expected shape {ShapeOf(reference)}, got {ShapeOf(tensor)}", name);
        }
    }

    public static string ShapeOf(Tensor tensor) => $"[{string.Join(", ", tensor.shape)}]";
}
