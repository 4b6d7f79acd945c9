using System.Text;

namespace Aevlp.ML.Npy;

/// <summary>An n-dimensional C-order array as stored in a .npy file: dtype, shape and the flat elements.</summary>
public sealed class NpyArray
{
    private NpyArray(NpyDType dtype, int[] shape, Array data)
    {
        long expected = shape.Aggregate(1L, (product, dim) => product * dim);
        if (expected != data.Length)
            throw new ArgumentException($"shape ({string.Join(", ", shape)}) holds {expected} elements, data has {data.Length}");
        DType = dtype;
        Shape = shape;
        Data = data;
    }

    public NpyDType DType { get; }

    public IReadOnlyList<int> Shape { get; }

    /// <summary>The elements in C (row-major) order; the element type is <see cref="NpyDType.ClrType"/>.</summary>
    public Array Data { get; }

    public int Length => Data.Length;

    /// <summary>Wraps numeric or bool data (no copy). Shape defaults to one dimension.</summary>
    public static NpyArray Of<T>(T[] data, params int[] shape) where T : unmanaged =>
        new(NpyDType.Of(typeof(T)), shape.Length == 0 ? [data.Length] : shape, data);

    /// <summary>Wraps strings as numpy <c>&lt;U n</c>, n = the longest string in code points (at least 1, as numpy).</summary>
    public static NpyArray OfStrings(string[] data, params int[] shape)
    {
        int characters = data.Length == 0 ? 1 : Math.Max(1, data.Max(s => Encoding.UTF32.GetByteCount(s) / 4));
        return new(NpyDType.Unicode(characters), shape.Length == 0 ? [data.Length] : shape, data);
    }

    internal static NpyArray FromData(NpyDType dtype, int[] shape, Array data) => new(dtype, shape, data);

    /// <summary>The elements as <typeparamref name="T"/>; throws when the stored dtype is a different type.</summary>
    public T[] As<T>() => Data as T[]
        ?? throw new InvalidCastException($"array holds {DType.Descr} ({DType.ClrType.Name}), not {typeof(T).Name}");

    /// <summary>Any numeric or bool array converted to float64 (labels are stored as float, int or bool by different tools).</summary>
    public double[] ToDoubles() => Data switch
    {
        double[] d => (double[])d.Clone(),
        Half[] h => Array.ConvertAll(h, v => (double)v),
        float[] f => Array.ConvertAll(f, v => (double)v),
        long[] l => Array.ConvertAll(l, v => (double)v),
        int[] i => Array.ConvertAll(i, v => (double)v),
        short[] s => Array.ConvertAll(s, v => (double)v),
        sbyte[] sb => Array.ConvertAll(sb, v => (double)v),
        byte[] b => Array.ConvertAll(b, v => (double)v),
        bool[] b => Array.ConvertAll(b, v => v ? 1.0 : 0.0),
        _ => throw new InvalidCastException($"array holds {DType.Descr} strings, not numbers"),
    };
}
