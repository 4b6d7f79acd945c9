using Aevlp.ML.Onnx.Protos;
using Google.Protobuf;

namespace Aevlp.ML.Onnx;

/// <summary>Reading ONNX model files with errors that name the file.</summary>
internal static class OnnxFiles
{
    public static ModelProto Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: ONNX model file not found", path);
        try
        {
            using var stream = File.OpenRead(path);
            return ModelProto.Parser.ParseFrom(stream);
        }
        catch (InvalidProtocolBufferException error)
        {
            throw new InvalidDataException($"{path}: not an ONNX model: {error.Message}", error);
        }
    }

    /// <summary>The initializer called <paramref name="name"/> as a tensor.</summary>
    public static TorchSharp.torch.Tensor Initializer(ModelProto model, string name, string path) =>
        OnnxTensors.ToTensor(
            model.Graph.Initializer.FirstOrDefault(t => t.Name == name)
                ?? throw new InvalidDataException($"{path}: no initializer named '{name}'"),
            path);
}
