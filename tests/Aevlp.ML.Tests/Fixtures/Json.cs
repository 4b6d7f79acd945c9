using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace Aevlp.ML.Tests.Fixtures;

/// <summary>Converts fixture JSON (nested row-major lists) to the types the code under test takes.</summary>
public static class Json
{
    public static double[,] Matrix(JsonElement element)
    {
        var rows = element.EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        int columns = rows.Length == 0 ? 0 : rows[0].Length;
        var matrix = new double[rows.Length, columns];
        for (int i = 0; i < rows.Length; i++)
            for (int j = 0; j < columns; j++)
                matrix[i, j] = rows[i][j];
        return matrix;
    }

    public static double[] Flat(JsonElement element) => element.ValueKind == JsonValueKind.Array
        ? element.EnumerateArray().SelectMany(Flat).ToArray()
        : [element.GetDouble()];

    public static int[] Shape(JsonElement element)
    {
        var shape = new List<int>();
        for (var e = element; e.ValueKind == JsonValueKind.Array; e = e[0])
        {
            shape.Add(e.GetArrayLength());
            if (e.GetArrayLength() == 0) break;
        }
        return [.. shape];
    }

    public static RowMajorMatrix<double> Doubles(JsonElement element)
    {
        var shape = Shape(element);
        return new RowMajorMatrix<double>(Flat(element), shape[0], shape[1]);
    }

    public static RowMajorMatrix<sbyte> Labels(JsonElement element)
    {
        var shape = Shape(element);
        return new RowMajorMatrix<sbyte>(Flat(element).Select(v => checked((sbyte)v)).ToArray(), shape[0], shape[1]);
    }

    public static Tensor Float32(JsonElement element)
    {
        var shape = Shape(element);
        return tensor(Flat(element).Select(v => (float)v).ToArray(), shape.Select(s => (long)s).ToArray());
    }

    public static double Number(JsonElement parent, string name) => parent.GetProperty(name).GetDouble();
}
