using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Aevlp.ML.Npy;

/// <summary>
/// The .npy header: magic <c>\x93NUMPY</c>, version, header length (2 bytes in 1.0, 4 in 2.0/3.0) and a
/// Python dict literal with <c>descr</c>, <c>fortran_order</c> and <c>shape</c>
/// (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html).
/// </summary>
internal static partial class NpyHeader
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>numpy aligns the data start to 64 bytes so it can be memory-mapped; we do the same.</summary>
    private const int Alignment = 64;

    public static (NpyDType DType, int[] Shape) Read(Stream stream, string source)
    {
        Span<byte> prefix = stackalloc byte[8];
        ReadExactly(stream, prefix, source, "the 8-byte magic and version");
        if (!prefix[..6].SequenceEqual(Magic))
            throw new NpyFormatException(source, "not a .npy file (expected the magic bytes \\x93NUMPY)");
        byte major = prefix[6];
        int lengthBytes = major switch
        {
            1 => 2,
            2 or 3 => 4,
            _ => throw new NpyFormatException(source, $"unsupported .npy format version {major}.{prefix[7]} (expected 1.0, 2.0 or 3.0)"),
        };
        Span<byte> lengthField = stackalloc byte[4];
        ReadExactly(stream, lengthField[..lengthBytes], source, "the header length");
        int length = lengthBytes == 2 ? BitConverter.ToUInt16(lengthField) : BitConverter.ToInt32(lengthField);
        var text = new byte[length];
        ReadExactly(stream, text, source, $"the {length}-byte header");
        // Version 3.0 only changes the header encoding from latin-1 to UTF-8.
        var encoding = major == 3 ? Encoding.UTF8 : Encoding.Latin1;
        return ParseDict(encoding.GetString(text), source);
    }

    public static byte[] Format(NpyDType dtype, IReadOnlyList<int> shape)
    {
        string shapeText = shape.Count == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";
        string dict = $"{{'descr': '{dtype.Descr}', 'fortran_order': False, 'shape': {shapeText}, }}";
        int version = PaddedLength(10, dict) - 10 <= ushort.MaxValue ? 1 : 2;
        int prefixLength = version == 1 ? 10 : 12;
        int padded = PaddedLength(prefixLength, dict);
        string header = dict.PadRight(padded - prefixLength - 1) + "\n";

        var bytes = new byte[padded];
        Magic.CopyTo(bytes, 0);
        bytes[6] = (byte)version;
        if (version == 1) BitConverter.TryWriteBytes(bytes.AsSpan(8), (ushort)header.Length);
        else BitConverter.TryWriteBytes(bytes.AsSpan(8), header.Length);
        Encoding.Latin1.GetBytes(header, bytes.AsSpan(prefixLength));
        return bytes;
    }

    private static int PaddedLength(int prefixLength, string dict) =>
        (prefixLength + dict.Length + 1 + Alignment - 1) / Alignment * Alignment;

    internal static void ReadExactly(Stream stream, Span<byte> buffer, string source, string what)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int read = stream.Read(buffer[total..]);
            if (read == 0)
                throw new NpyFormatException(source, $"truncated: expected {buffer.Length} bytes for {what}, found {total}");
            total += read;
        }
    }

    private static (NpyDType, int[]) ParseDict(string dict, string source)
    {
        var fortran = FortranPattern().Match(dict);
        if (!fortran.Success)
            throw new NpyFormatException(source, $"header has no 'fortran_order': {dict.Trim()}");
        if (fortran.Groups[1].Value == "True")
            throw new NpyFormatException(source, "Fortran-order (column-major) arrays are not supported; save with np.ascontiguousarray(arr)");

        var descr = DescrPattern().Match(dict);
        if (!descr.Success)
            throw new NpyFormatException(source, $"unsupported dtype: 'descr' is not a simple type string (structured arrays are not supported): {dict.Trim()}");
        var dtype = NpyDType.TryParse(descr.Groups[1].Value, out string problem)
            ?? throw new NpyFormatException(source, problem);

        var shape = ShapePattern().Match(dict);
        if (!shape.Success)
            throw new NpyFormatException(source, $"header has no 'shape' tuple: {dict.Trim()}");
        return (dtype, ParseShape(shape.Groups[1].Value, source));
    }

    private static int[] ParseShape(string tuple, string source)
    {
        var parts = tuple.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var shape = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            string digits = parts[i].TrimEnd('L'); // Python 2 wrote longs as 3L.
            if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out shape[i]))
                throw new NpyFormatException(source, $"shape dimension '{parts[i]}' is not a non-negative integer below 2^31");
        }
        return shape;
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
