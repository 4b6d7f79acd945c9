namespace Aevlp.ML.Teachers;

/// <summary>
/// The demo teacher's encoder: the ImageNet ResNet-18 of NuGet Microsoft.ML.DnnImageFeaturizer.ResNet18 (a CNTK
/// export, fixed batch 1, pooled 512-d features) behind its own preprocessing graph (RGB→BGR, minus a per-pixel
/// mean image, which per-channel means cannot reproduce exactly, so the graph is chained instead).
/// build/DemoTeacher.targets copies both files next to the assemblies of projects that import it.
/// </summary>
public sealed record DemoTeacherEncoder(string EncoderOnnx, string PreprocessOnnx)
{
    public const string Folder = "DemoTeacher";

    public static DemoTeacherEncoder BesideAssemblies { get; } = new(
        Path.Combine(AppContext.BaseDirectory, Folder, "ResNet18.onnx"),
        Path.Combine(AppContext.BaseDirectory, Folder, "ResNetPreprocess.onnx"));

    /// <summary>teacher.json of the demo teacher; the preprocessing graph takes RGB in [0, 255].</summary>
    public static TeacherMetadata Metadata(string name, IReadOnlyList<string> classes) => new(
        name,
        InputName: "Input247",
        OutputName: "Pooling395_Output_0",
        InputSize: 224,
        Mean: [0f, 0f, 0f],
        Std: [1f, 1f, 1f],
        Images.ChannelOrder.Rgb,
        PixelScale: 255f,
        EmbeddingDim: 512,
        classes,
        new TeacherPreprocessor("OriginalInput", "PreprocessedInput"));
}
