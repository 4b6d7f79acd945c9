using System.Text.Json;
using System.Text.Json.Serialization;
using Aevlp.ML.Images;

namespace Aevlp.ML.Teachers;

/// <summary>
/// <c>teacher.json</c>: how to feed the teacher's ONNX image encoder and read its embedding. Pixels are
/// normalised by <see cref="Normalization"/> into <see cref="InputName"/> of <c>encoder.onnx</c> (or of
/// <c>preprocess.onnx</c> when <see cref="Preprocessor"/> is set, whose output then feeds the encoder).
/// </summary>
/// <param name="Name">Teacher name, as under <c>teachers/{name}/</c>.</param>
/// <param name="InputName">The encoder's image input, [batch, 3, InputSize, InputSize] float32.</param>
/// <param name="OutputName">The encoder's embedding output, [batch, EmbeddingDim] (trailing 1-sized dims allowed).</param>
/// <param name="Classes">Class names, one per row of <c>class_embeddings.npy</c>.</param>
/// <param name="LabelRelation">When set, the class embeddings are refined over <c>relation.npy</c> at load.</param>
public sealed record TeacherMetadata(
    string Name,
    string InputName,
    string OutputName,
    int InputSize,
    float[] Mean,
    float[] Std,
    ChannelOrder ChannelOrder,
    float PixelScale,
    int EmbeddingDim,
    IReadOnlyList<string> Classes,
    TeacherPreprocessor? Preprocessor = null,
    LabelRelation? LabelRelation = null)
{
    public const string FileName = "teacher.json";
    public const string EncoderFile = "encoder.onnx";
    public const string ClassEmbeddingsFile = "class_embeddings.npy";
    public const string PreprocessorFile = "preprocess.onnx";
    public const string RelationFile = "relation.npy";

    /// <summary>Every file a teacher folder may hold.</summary>
    public static IReadOnlyList<string> AllFiles { get; } = [FileName, EncoderFile, ClassEmbeddingsFile, PreprocessorFile, RelationFile];

    /// <summary>The files every teacher has.</summary>
    public static IReadOnlyList<string> RequiredFiles { get; } = [FileName, EncoderFile, ClassEmbeddingsFile];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public ImageNormalization Normalization => new(Mean, Std, ChannelOrder, PixelScale);

    /// <summary>The files a teacher folder holds, <c>teacher.json</c> first.</summary>
    public IReadOnlyList<string> Files =>
    [
        FileName, EncoderFile, ClassEmbeddingsFile,
        .. Preprocessor is null ? Array.Empty<string>() : [PreprocessorFile],
        .. LabelRelation is null ? Array.Empty<string>() : [RelationFile],
    ];

    /// <exception cref="TeacherException">The file is missing, not JSON, or fields are out of range (all of them named).</exception>
    public static TeacherMetadata Read(string teacherDirectory)
    {
        string path = Path.Combine(teacherDirectory, FileName);
        if (!File.Exists(path)) throw new TeacherException(path, "file not found");
        return Parse(File.ReadAllText(path), path);
    }

    /// <param name="source">The file the JSON came from, named in errors.</param>
    /// <exception cref="TeacherException">Not JSON, or fields are out of range (all of them named).</exception>
    public static TeacherMetadata Parse(string json, string source)
    {
        TeacherMetadata? metadata;
        try
        {
            metadata = JsonSerializer.Deserialize<TeacherMetadata>(json, Json);
        }
        catch (JsonException error)
        {
            throw new TeacherException(source, $"not valid teacher metadata JSON: {error.Message}", error);
        }
        if (metadata is null) throw new TeacherException(source, "empty JSON document; expected a teacher metadata object");
        var problems = metadata.Problems().ToList();
        if (problems.Count > 0) throw new TeacherException(source, string.Join("; ", problems));
        return metadata;
    }

    public void Write(string teacherDirectory) =>
        File.WriteAllText(Path.Combine(teacherDirectory, FileName), JsonSerializer.Serialize(this, Json) + "\n");

    private IEnumerable<string> Problems()
    {
        if (string.IsNullOrEmpty(Name)) yield return "field 'name' is empty";
        if (string.IsNullOrEmpty(InputName)) yield return "field 'inputName' is empty";
        if (string.IsNullOrEmpty(OutputName)) yield return "field 'outputName' is empty";
        if (InputSize < 1) yield return $"field 'inputSize' is {InputSize}, expected ≥ 1";
        if (Mean is not { Length: 3 } || Std is not { Length: 3 }) yield return "fields 'mean' and 'std' need 3 values each (one per channel)";
        else if (Std.Any(s => s == 0)) yield return "field 'std' has a 0; expected non-zero standard deviations";
        if (PixelScale <= 0) yield return $"field 'pixelScale' is {PixelScale}, expected > 0 (1 for [0,1] inputs, 255 for [0,255])";
        if (EmbeddingDim < 1) yield return $"field 'embeddingDim' is {EmbeddingDim}, expected ≥ 1";
        if (Classes is not { Count: > 0 }) yield return "field 'classes' is empty; expected one name per class embedding";
        else if (Classes.Any(string.IsNullOrWhiteSpace)) yield return "field 'classes' has an empty name";
        if (Preprocessor is { InputName: null or "" } or { OutputName: null or "" }) yield return "field 'preprocessor' needs 'inputName' and 'outputName'";
    }
}

/// <summary>Refine the class embeddings with <see cref="LabelRelationRefinement"/> over <c>relation.npy</c> [C, C].</summary>
public sealed record LabelRelation(int Seed);

/// <summary>An ONNX graph run before the encoder (e.g. the ResNet-18 featurizer's own mean-image subtraction).</summary>
public sealed record TeacherPreprocessor(string InputName, string OutputName);
