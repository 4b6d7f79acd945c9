namespace Aevlp.ML.Npy;

/// <summary>A numpy dtype: element kind plus item size in bytes (for <c>&lt;U n</c>, 4·n).</summary>
public sealed record NpyDType(NpyElementKind Kind, int ItemSize)
{
    /// <summary>The header <c>descr</c>, e.g. <c>&lt;f4</c>, <c>|b1</c>, <c>&lt;U12</c>.</summary>
    public string Descr => Kind switch
    {
        NpyElementKind.Bool => "|b1",
        NpyElementKind.UInt8 => "|u1",
        NpyElementKind.Int8 => "|i1",
        NpyElementKind.Unicode => $"<U{ItemSize / 4}",
        _ => $"<{TypeCode}{ItemSize}",
    };

    private char TypeCode => Kind is NpyElementKind.Float16 or NpyElementKind.Float32 or NpyElementKind.Float64 ? 'f' : 'i';

    public static NpyDType Unicode(int characters) => new(NpyElementKind.Unicode, 4 * characters);

    /// <summary>The dtype of a fixed-size .NET element type (strings need <see cref="Unicode"/>).</summary>
    public static NpyDType Of(Type elementType) => elementType switch
    {
        _ when elementType == typeof(bool) => new(NpyElementKind.Bool, 1),
        _ when elementType == typeof(byte) => new(NpyElementKind.UInt8, 1),
        _ when elementType == typeof(sbyte) => new(NpyElementKind.Int8, 1),
        _ when elementType == typeof(short) => new(NpyElementKind.Int16, 2),
        _ when elementType == typeof(int) => new(NpyElementKind.Int32, 4),
        _ when elementType == typeof(long) => new(NpyElementKind.Int64, 8),
        _ when elementType == typeof(Half) => new(NpyElementKind.Float16, 2),
        _ when elementType == typeof(float) => new(NpyElementKind.Float32, 4),
        _ when elementType == typeof(double) => new(NpyElementKind.Float64, 8),
        _ => throw new ArgumentException($"no .npy dtype for .NET type {elementType.Name}", nameof(elementType)),
    };

    /// <summary>The .NET element type an array of this dtype is read into.</summary>
    public Type ClrType => Kind switch
    {
        NpyElementKind.Bool => typeof(bool),
        NpyElementKind.UInt8 => typeof(byte),
        NpyElementKind.Int8 => typeof(sbyte),
        NpyElementKind.Int16 => typeof(short),
        NpyElementKind.Int32 => typeof(int),
        NpyElementKind.Int64 => typeof(long),
        NpyElementKind.Float16 => typeof(Half),
        NpyElementKind.Float32 => typeof(float),
        NpyElementKind.Float64 => typeof(double),
        _ => typeof(string),
    };

    /// <summary>Parses a header <c>descr</c>; null when unsupported, with the reason in <paramref name="problem"/>.</summary>
    public static NpyDType? TryParse(string descr, out string problem)
    {
        problem = "";
        if (descr.Length < 3)
        {
            problem = $"unsupported dtype '{descr}'";
            return null;
        }
        char order = descr[0], code = descr[1];
        if (order == '>' && !IsSingleByte(descr))
        {
            problem = $"big-endian dtype '{descr}' is not supported; save it little-endian (arr.astype('<{descr[1..]}'))";
            return null;
        }
        if (!int.TryParse(descr.AsSpan(2), out int size) || order is not ('<' or '|' or '=' or '>'))
        {
            problem = $"unsupported dtype '{descr}'";
            return null;
        }
        NpyDType? dtype = (code, size) switch
        {
            ('b', 1) => new(NpyElementKind.Bool, 1),
            ('u', 1) => new(NpyElementKind.UInt8, 1),
            ('i', 1) => new(NpyElementKind.Int8, 1),
            ('i', 2) => new(NpyElementKind.Int16, 2),
            ('i', 4) => new(NpyElementKind.Int32, 4),
            ('i', 8) => new(NpyElementKind.Int64, 8),
            ('f', 2) => new(NpyElementKind.Float16, 2),
            ('f', 4) => new(NpyElementKind.Float32, 4),
            ('f', 8) => new(NpyElementKind.Float64, 8),
            ('U', > 0) => Unicode(size),
            _ => null,
        };
        if (dtype is null)
            problem = $"unsupported dtype '{descr}' (supported: bool, uint8, int8/16/32/64, float16/32/64, <U strings)";
        return dtype;
    }

    private static bool IsSingleByte(string descr) => descr.Length == 3 && descr[2] == '1' && descr[1] is 'b' or 'u' or 'i';
}
