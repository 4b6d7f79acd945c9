using Aevlp.ML.Data;
using static TorchSharp.torch;

namespace Aevlp.ML.Training;

/// <summary>Conversions of label matrices to what the metrics (sbyte matrices) and losses (float tensors) take.</summary>
internal static class LabelTensors
{
    public static RowMajorMatrix<sbyte> ToSbyte(this LabelMatrix labels) =>
        new([.. labels.Values.Select(v => (sbyte)v)], labels.Rows, labels.Classes);

    public static Tensor ToTensor(this LabelMatrix labels, Device device) =>
        tensor(labels.Values, [labels.Rows, labels.Classes]).to(device);

    public static Tensor ToTensor(this RowMajorMatrix<sbyte> labels, Device device)
    {
        using var bytes = tensor(labels.Values, [labels.Rows, labels.Columns]);
        return bytes.to(float32).to(device);
    }
}
