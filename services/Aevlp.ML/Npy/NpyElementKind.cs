namespace Aevlp.ML.Npy;

/// <summary>The element types this reader/writer supports (numpy dtype kinds).</summary>
public enum NpyElementKind
{
    Bool,
    UInt8,
    Int8,
    Int16,
    Int32,
    Int64,
    /// <summary>IEEE half precision (numpy <c>&lt;f2</c>): teacher logits are stored this way to halve their size.</summary>
    Float16,
    Float32,
    Float64,
    /// <summary>numpy <c>&lt;U n</c>: fixed-width UTF-32 strings, NUL padded.</summary>
    Unicode,
}
