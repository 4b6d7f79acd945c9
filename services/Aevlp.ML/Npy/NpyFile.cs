using System.Runtime.InteropServices;
using System.Text;

namespace Aevlp.ML.Npy;

/// <summary>
/// Reads and writes numpy .npy files (format 1.0/2.0/3.0; C order; little-endian bool, uint8, int8–int64,
/// float16/32/64 and <c>&lt;U</c> strings). Written here because no maintained NuGet package covers this set:
/// NumSharp is unmaintained and cannot write <c>&lt;U</c> arrays, which the SPML dataset format needs.
/// </summary>
public static class NpyFile
{
    public static NpyArray Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(stream, path);
    }

    /// <param name="source">Named in every error message (usually the file path).</param>
    public static NpyArray Read(Stream stream, string source)
    {
        var (dtype, shape) = NpyHeader.Read(stream, source);
        long count = shape.Aggregate(1L, (product, dim) => product * dim);
        long byteCount = count * dtype.ItemSize;
        if (byteCount > Array.MaxLength)
            throw new NpyFormatException(source, $"{byteCount} data bytes is more than one .NET array can hold");
        var bytes = new byte[byteCount];
        NpyHeader.ReadExactly(stream, bytes, source, $"the data of shape ({string.Join(", ", shape)}) {dtype.Descr}");
        return NpyArray.FromData(dtype, shape, Decode(dtype, bytes, (int)count));
    }

    public static void Write(string path, NpyArray array)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        Write(stream, array);
    }

    public static void Write(Stream stream, NpyArray array)
    {
        stream.Write(NpyHeader.Format(array.DType, array.Shape));
        stream.Write(Encode(array));
    }

    private static Array Decode(NpyDType dtype, byte[] bytes, int count) => dtype.Kind switch
    {
        NpyElementKind.Bool => Array.ConvertAll(bytes, b => b != 0),
        NpyElementKind.UInt8 => bytes,
        NpyElementKind.Int8 => MemoryMarshal.Cast<byte, sbyte>(bytes).ToArray(),
        NpyElementKind.Int16 => MemoryMarshal.Cast<byte, short>(bytes).ToArray(),
        NpyElementKind.Int32 => MemoryMarshal.Cast<byte, int>(bytes).ToArray(),
        NpyElementKind.Int64 => MemoryMarshal.Cast<byte, long>(bytes).ToArray(),
        NpyElementKind.Float16 => MemoryMarshal.Cast<byte, Half>(bytes).ToArray(),
        NpyElementKind.Float32 => MemoryMarshal.Cast<byte, float>(bytes).ToArray(),
        NpyElementKind.Float64 => MemoryMarshal.Cast<byte, double>(bytes).ToArray(),
        _ => DecodeStrings(bytes, dtype.ItemSize, count),
    };

    private static string[] DecodeStrings(byte[] bytes, int itemSize, int count)
    {
        var strings = new string[count];
        for (int i = 0; i < count; i++)
        {
            var item = MemoryMarshal.Cast<byte, int>(bytes.AsSpan(i * itemSize, itemSize));
            int length = item.IndexOf(0) is var nul and >= 0 ? nul : item.Length;
            strings[i] = Encoding.UTF32.GetString(bytes, i * itemSize, length * 4);
        }
        return strings;
    }

    private static byte[] Encode(NpyArray array) => array.Data switch
    {
        string[] strings => EncodeStrings(strings, array.DType.ItemSize),
        bool[] flags => Array.ConvertAll(flags, f => f ? (byte)1 : (byte)0),
        byte[] raw => raw,
        _ => EncodeNumbers(array.Data),
    };

    private static byte[] EncodeNumbers(Array data) => data switch
    {
        sbyte[] v => MemoryMarshal.AsBytes(v.AsSpan()).ToArray(),
        short[] v => MemoryMarshal.AsBytes(v.AsSpan()).ToArray(),
        int[] v => MemoryMarshal.AsBytes(v.AsSpan()).ToArray(),
        long[] v => MemoryMarshal.AsBytes(v.AsSpan()).ToArray(),
        Half[] v => MemoryMarshal.AsBytes(v.AsSpan()).ToArray(),
        float[] v => MemoryMarshal.AsBytes(v.AsSpan()).ToArray(),
        double[] v => MemoryMarshal.AsBytes(v.AsSpan()).ToArray(),
        _ => throw new ArgumentException($"cannot write elements of type {data.GetType().GetElementType()?.Name}"),
    };

    private static byte[] EncodeStrings(string[] strings, int itemSize)
    {
        var bytes = new byte[strings.Length * itemSize];
        for (int i = 0; i < strings.Length; i++)
            Encoding.UTF32.GetBytes(strings[i], bytes.AsSpan(i * itemSize, itemSize));
        return bytes;
    }
}
