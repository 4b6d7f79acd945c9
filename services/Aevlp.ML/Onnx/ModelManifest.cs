using System.Text.Json;
using System.Text.Json.Serialization;
using Aevlp.ML.Images;
using Aevlp.ML.Metrics;

namespace Aevlp.ML.Onnx;

/// <summary>
/// <c>model.json</c>, written next to <c>model.onnx</c>: everything a consumer needs to feed the model and read its
/// output without this library. Input value per channel = (pixel / 255 · <see cref="PixelScale"/> − Mean[c]) / Std[c],
/// channels in <see cref="ChannelOrder"/>, image resized to <see cref="ImageSize"/>²; the output is one logit per
/// class, a class is predicted when sigmoid(logit) ≥ <see cref="DecisionThreshold"/>.
/// </summary>
public sealed record ModelManifest(
    string Architecture,
    IReadOnlyList<string> Classes,
    int ImageSize,
    [property: JsonConverter(typeof(JsonStringEnumConverter<ChannelOrder>))] ChannelOrder ChannelOrder,
    float PixelScale,
    IReadOnlyList<float> Mean,
    IReadOnlyList<float> Std,
    double DecisionThreshold)
{
    public const string FileName = "model.json";
    public const string OnnxFileName = "model.onnx";

    /// <summary>The exported graph's input, [batch, 3, S, S] float32.</summary>
    public const string InputName = "images";

    /// <summary>The exported graph's output, [batch, classes] logits.</summary>
    public const string OutputName = "logits";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    public string Input => InputName;

    public string Output => OutputName;

    /// <summary>Applied to each logit before <see cref="DecisionThreshold"/>: the classes are independent (multi-label).</summary>
    public string OutputActivation => "sigmoid";

    public static ModelManifest Create(Configuration.Architecture architecture, IReadOnlyList<string> classes, int imageSize, ImageNormalization normalization) =>
        new(Configuration.ConfigNames.Architectures.Of(architecture), classes, imageSize, normalization.Order, normalization.PixelScale, normalization.Mean, normalization.Std,
            ThresholdMetrics.DefaultThreshold);

    public void Write(Stream destination) => JsonSerializer.Serialize(destination, this, Json);

    public static ModelManifest Read(Stream source) =>
        JsonSerializer.Deserialize<ModelManifest>(source, Json) ?? throw new InvalidDataException($"{FileName}: empty document");

    /// <summary>The normalisation to apply to images before the model.</summary>
    [JsonIgnore]
    public ImageNormalization Normalization => new([.. Mean], [.. Std], ChannelOrder, PixelScale);
}
