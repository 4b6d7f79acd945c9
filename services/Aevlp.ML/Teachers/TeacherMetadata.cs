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

    /// <exception cref="TeacherException">The file is missing, not JSON, or a field is out of range.</exception>
    public static TeacherMetadata Read(string teacherDirectory)
    {
        string path = Path.Combine(teacherDirectory, FileName);
        if (!File.Exists(path)) throw new TeacherException(path, "file not found");
        TeacherMetadata? metadata;
        try
        {
            metadata = JsonSerializer.Deserialize<TeacherMetadata>(File.ReadAllText(path), Json);
        }
        catch (JsonException error)
        {
            throw new TeacherException(path, $"not valid teacher metadata JSON: {error.Message}", error);
        }
        if (metadata is null) throw new TeacherException(path, "empty JSON document; expected a teacher metadata object");
        metadata.Validate(path);
        return metadata;
    }

    public void Write(string teacherDirectory) =>
        File.WriteAllText(Path.Combine(teacherDirectory, FileName), JsonSerializer.Serialize(this, Json) + "\n");

    private void Validate(string path)
    {
        string? problem = this switch
        {
            { Name: null or "" } => "field 'name' is empty",
            { InputName: null or "" } => "field 'inputName' is empty",
            { OutputName: null or "" } => "field 'outputName' is empty",
            { InputSize: < 1 } => $"field 'inputSize' is {InputSize}, expected ≥ 1",
            { Mean.Length: not 3 } or { Std.Length: not 3 } => "fields 'mean' and 'std' need 3 values each (one per channel)",
            _ when Std.Any(s => s == 0) => "field 'std' has a 0; expected non-zero standard deviations",
            { PixelScale: <= 0 } => $"field 'pixelScale' is {PixelScale}, expected > 0 (1 for [0,1] inputs, 255 for [0,255])",
            { EmbeddingDim: < 1 } => $"field 'embeddingDim' is {EmbeddingDim}, expected ≥ 1",
            { Classes: null or { Count: 0 } } => "field 'classes' is empty; expected one name per class embedding",
            { Preprocessor: { InputName: null or "" } or { OutputName: null or "" } } => "field 'preprocessor' needs 'inputName' and 'outputName'",
            _ => null,
        };
        if (problem is not null) throw new TeacherException(path, problem);
    }
}

/// <summary>Refine the class embeddings with <see cref="LabelRelationRefinement"/> over <c>relation.npy</c> [C, C].</summary>
public sealed record LabelRelation(int Seed);

/// <summary>An ONNX graph run before the encoder (e.g. the ResNet-18 featurizer's own mean-image subtraction).</summary>
public sealed record TeacherPreprocessor(string InputName, string OutputName);
