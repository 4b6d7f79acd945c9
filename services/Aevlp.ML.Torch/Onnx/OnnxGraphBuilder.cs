using Aevlp.ML.Onnx.Protos;
using static TorchSharp.torch;

namespace Aevlp.ML.Onnx;

/// <summary>Appends nodes and initializers to an ONNX graph; every node gets a fresh output name.</summary>
internal sealed class OnnxGraphBuilder(string graphName)
{
    private int nodes;

    public GraphProto Graph { get; } = new() { Name = graphName };

    /// <summary>Adds a node and returns the name of its single output.</summary>
    public string Node(string opType, IEnumerable<string> inputs, params AttributeProto[] attributes) =>
        NamedNode($"{opType.ToLowerInvariant()}_{nodes++}", opType, inputs, attributes);

    /// <summary>Adds a node whose single output is called <paramref name="output"/> (a graph output).</summary>
    public string NamedNode(string output, string opType, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = output };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        Graph.Node.Add(node);
        return output;
    }

    /// <summary>Stores <paramref name="value"/> as an initializer and returns its name.</summary>
    public string Initializer(string name, Tensor value)
    {
        Graph.Initializer.Add(OnnxTensors.FromTensor(name, value));
        return name;
    }

    public static AttributeProto Ints(string name, IEnumerable<long> values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, double value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = (float)value };

    /// <summary>A float32 tensor value info whose first dimension is the symbolic batch size.</summary>
    public static ValueInfoProto BatchedFloat(string name, params long[] dimensionsAfterBatch)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "batch" });
        shape.Dim.AddRange(dimensionsAfterBatch.Select(d => new TensorShapeProto.Types.Dimension { DimValue = d }));
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape },
            },
        };
    }
}
