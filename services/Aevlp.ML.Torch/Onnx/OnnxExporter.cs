using Aevlp.ML.Models;
using Aevlp.ML.Onnx.Protos;
using Google.Protobuf;
using TorchSharp.Modules;
using static Aevlp.ML.Onnx.OnnxGraphBuilder;
using static TorchSharp.torch;

namespace Aevlp.ML.Onnx;

/// <summary>
/// Writes a <see cref="MultiLabelClassifier"/> as an ONNX model (opset 13): input <c>images</c> [batch, 3, S, S]
/// (normalised as <see cref="ModelManifest"/> says) → output <c>logits</c> [batch, C]. Batch norm stays a
/// BatchNormalization node with the running statistics, i.e. the model in eval mode.
/// </summary>
public static class OnnxExporter
{
    public const string InputName = ModelManifest.InputName;
    public const string OutputName = ModelManifest.OutputName;
    private const int Opset = 13;
    private const int IrVersion = 7;

    public static void Export(MultiLabelClassifier classifier, int imageSize, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(destination);
        var builder = new OnnxGraphBuilder("aevlp-multilabel-classifier");
        string features = classifier.Backbone.Stages.Aggregate(InputName,
            (input, stage) => Module(builder, $"backbone.{stage.Name}", stage.Module, input));
        string pooled = builder.Node("Flatten", [builder.Node("GlobalAveragePool", [features])], Int("axis", 1));
        builder.NamedNode(OutputName, "Gemm",
            [pooled, builder.Initializer("head.weight", classifier.Head.weight), builder.Initializer("head.bias", classifier.Head.bias!)],
            Int("transB", 1));
        builder.Graph.Input.Add(BatchedFloat(InputName, 3, imageSize, imageSize));
        builder.Graph.Output.Add(BatchedFloat(OutputName, classifier.Classes));
        Model(builder.Graph).WriteTo(destination);
    }

    private static ModelProto Model(GraphProto graph)
    {
        var model = new ModelProto { IrVersion = IrVersion, ProducerName = "Aevlp.ML", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        return model;
    }

    /// <summary>Adds the nodes of one module and returns its output's name.</summary>
    private static string Module(OnnxGraphBuilder builder, string name, nn.Module<Tensor, Tensor> module, string input) => module switch
    {
        Sequential sequence => sequence.named_children().Aggregate(input,
            (x, child) => Module(builder, $"{name}.{child.name}", (nn.Module<Tensor, Tensor>)child.module, x)),
        ResidualBlock block => Residual(builder, name, block, input),
        Conv2d conv => Conv(builder, name, conv, input),
        BatchNorm2d norm => builder.Node("BatchNormalization",
            [input, builder.Initializer($"{name}.weight", norm.weight!), builder.Initializer($"{name}.bias", norm.bias!),
             builder.Initializer($"{name}.running_mean", norm.running_mean!), builder.Initializer($"{name}.running_var", norm.running_var!)],
            Float("epsilon", norm.eps)),
        ReLU => builder.Node("Relu", [input]),
        MaxPool2d pool when !pool.ceil_mode => builder.Node("MaxPool", [input],
            Ints("kernel_shape", TwoD(pool.kernel_size)), Ints("strides", TwoD(pool.stride ?? pool.kernel_size)),
            Ints("pads", Pads(pool.padding))),
        _ => throw new NotSupportedException($"ONNX export: module '{name}' ({module.GetType().Name}) is not supported"),
    };

    private static string Residual(OnnxGraphBuilder builder, string name, ResidualBlock block, string input)
    {
        string main = block.MainPath.Aggregate(input, (x, layer) => Module(builder, $"{name}.{layer.Name}", layer.Module, x));
        string shortcut = block.Downsample is null ? input : Module(builder, $"{name}.downsample", block.Downsample, input);
        return builder.Node("Relu", [builder.Node("Add", [main, shortcut])]);
    }

    private static string Conv(OnnxGraphBuilder builder, string name, Conv2d conv, string input)
    {
        if (conv.padding_type is not null)
            throw new NotSupportedException($"ONNX export: convolution '{name}' uses a padding mode; expected explicit padding");
        var inputs = new List<string> { input, builder.Initializer($"{name}.weight", conv.weight) };
        if (conv.bias is not null) inputs.Add(builder.Initializer($"{name}.bias", conv.bias));
        return builder.Node("Conv", inputs,
            Ints("kernel_shape", TwoD(conv.kernel_size)), Ints("strides", TwoD(conv.stride)), Ints("pads", Pads(conv.padding)),
            Ints("dilations", TwoD(conv.dilation)), Int("group", conv.groups));
    }

    /// <summary>ONNX pads list all begins, then all ends; PyTorch pads both sides equally.</summary>
    private static long[] Pads(long[]? padding)
    {
        long[] perSide = padding is null ? [0, 0] : TwoD(padding);
        return [.. perSide, .. perSide];
    }

    /// <summary>(height, width) from a PyTorch size, which may be given once for both.</summary>
    private static long[] TwoD(long[] size) => size.Length == 1 ? [size[0], size[0]] : size;
}
