using System.Runtime.InteropServices;
using Aevlp.ML.Onnx.Protos;
using Google.Protobuf;
using static TorchSharp.torch;

namespace Aevlp.ML.Onnx;

/// <summary>Conversions between ONNX float tensors (initializers) and TorchSharp tensors.</summary>
internal static class OnnxTensors
{
    private const int FloatType = (int)TensorProto.Types.DataType.Float;

    /// <summary>A float32 CPU tensor with the initializer's shape; values may be in <c>float_data</c> or <c>raw_data</c>.</summary>
    public static Tensor ToTensor(TensorProto proto, string file)
    {
        if (proto.DataType != FloatType)
            throw new InvalidDataException($"{file}: initializer '{proto.Name}' has data type {proto.DataType}, expected float ({FloatType})");
        float[] values = proto.FloatData.Count > 0
            ? [.. proto.FloatData]
            : MemoryMarshal.Cast<byte, float>(proto.RawData.Span).ToArray();
        long expected = proto.Dims.Aggregate(1L, (product, dim) => product * dim);
        if (values.Length != expected)
            throw new InvalidDataException($"{file}: initializer '{proto.Name}' holds {values.Length} values, its shape needs {expected}");
        return tensor(values, [.. proto.Dims]);
    }

    /// <summary>The tensor's values as a float initializer (little-endian <c>raw_data</c>, as ONNX specifies).</summary>
    public static TensorProto FromTensor(string name, Tensor value)
    {
        using var cpu = value.detach().to(float32).cpu().contiguous();
        var proto = new TensorProto
        {
            Name = name,
            DataType = FloatType,
            RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(cpu.data<float>().ToArray().AsSpan())),
        };
        proto.Dims.AddRange(cpu.shape);
        return proto;
    }
}
