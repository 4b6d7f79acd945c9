using System.Text.Json;

namespace Aevlp.ML.Teachers;

/// <summary>
/// <c>pseudo-labels/{key}/pseudo-labels.json</c>: what <c>logits.npy</c> beside it holds. Written last, and only
/// if absent, so a key whose manifest exists is complete. Rows follow <c>formatted_train_images.npy</c> of the
/// dataset version (the official train split, before any train/val split).
/// </summary>
/// <param name="Shape">[N, V, A, C]: images, views (0 = whole image, 1..G² grid tiles row-major), variants (0 = as is,
/// 1 = flipped, ≥ 2 seeded crops), classes.</param>
/// <param name="DType">numpy dtype of logits.npy: <c>&lt;f2</c> or <c>&lt;f4</c>.</param>
/// <param name="ExecutionProvider">Where the chunks were scored: one provider, or several joined by '+'.</param>
/// <param name="Seconds">From the first chunk sent to the last chunk committed.</param>
/// <param name="Chunks">Which worker scored which images, in image order (absent in manifests written before passes were shared).</param>
/// <param name="MergeSeconds">Writing logits.npy from the chunks and uploading it.</param>
public sealed record TeacherLogitsManifest(
    string Key,
    string Dataset,
    string DatasetVersion,
    string DatasetManifestSha256,
    string Teacher,
    string TeacherSha256,
    int GridSize,
    int Variants,
    IReadOnlyList<string> Classes,
    IReadOnlyList<int> Shape,
    string DType,
    string LogitsSha256,
    string ExecutionProvider,
    double Seconds,
    IReadOnlyList<TeacherLogitsChunk>? Chunks = null,
    double MergeSeconds = 0)
{
    public const string FileName = "pseudo-labels.json";
    public const string LogitsFile = "logits.npy";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    public static TeacherLogitsManifest FromJson(ReadOnlySpan<byte> json, string source) =>
        JsonSerializer.Deserialize<TeacherLogitsManifest>(json, Json) ?? throw new InvalidDataException($"{source}: empty manifest");
}

/// <summary>Images <paramref name="First"/>.. (<paramref name="Count"/> of them) of a pass, scored by <paramref name="Worker"/>
/// (host/process) on <paramref name="ExecutionProvider"/> in <paramref name="Seconds"/>.</summary>
public sealed record TeacherLogitsChunk(int First, int Count, string Worker, string ExecutionProvider, double Seconds);
