using System.Runtime.InteropServices;
using Aevlp.ML.Inference;
using Aevlp.ML.Npy;
using Aevlp.ML.Teachers;

namespace Aevlp.ML.Tests.Teachers;

/// <summary>Every way a teacher folder can be wrong gives a <see cref="TeacherException"/> naming the file and the mismatch.</summary>
public sealed class TeacherLoadTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    private TeacherException LoadFails(string directory) =>
        Assert.Throws<TeacherException>(() => Teacher.Load(directory, OnnxExecution.Cpu()).Dispose());

    [Fact]
    [Trait("Category", "BadInput")]
    public void A_wrong_input_name_names_the_encoder_and_its_real_inputs()
    {
        var dir = TinyTeacher.Write(temp.Path, metadata: TinyTeacher.Metadata with { InputName = "image" });
        var error = LoadFails(dir);
        Assert.EndsWith(TeacherMetadata.EncoderFile, error.File);
        Assert.Contains("has no input 'image' (teacher.json inputName); its inputs are: pixels", error.Message);
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public void A_wrong_output_name_or_embedding_size_names_the_encoder()
    {
        var wrongOutput = LoadFails(TinyTeacher.Write(temp.Sub("a"), metadata: TinyTeacher.Metadata with { OutputName = "features" }));
        Assert.Contains("has no output 'features'", wrongOutput.Message);

        var wider = TinyTeacher.Metadata with { EmbeddingDim = 5 };
        var wrongSize = LoadFails(TinyTeacher.Write(temp.Sub("b"), metadata: wider, embeddings: Enumerable.Repeat(1f, 15).ToArray(), shape: [3, 5]));
        Assert.EndsWith(TeacherMetadata.EncoderFile, wrongSize.File);
        Assert.Contains("4 values per image, expected teacher.json embeddingDim 5", wrongSize.Message);
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public void An_input_size_other_than_the_graphs_is_refused()
    {
        var error = LoadFails(TinyTeacher.Write(temp.Path, metadata: TinyTeacher.Metadata with { InputSize = 224 }));
        Assert.Contains("expected Single [batch, 3, 224, 224] (teacher.json inputSize 224)", error.Message);
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public void Class_embeddings_of_the_wrong_size_or_count_name_the_npy_file()
    {
        var wrongDim = LoadFails(TinyTeacher.Write(temp.Sub("a"), embeddings: new float[15], shape: [3, 5]));
        Assert.EndsWith(TeacherMetadata.ClassEmbeddingsFile, wrongDim.File);
        Assert.Contains("has embedding size 5, expected teacher.json embeddingDim 4", wrongDim.Message);

        var wrongCount = LoadFails(TinyTeacher.Write(temp.Sub("b"), embeddings: new float[8], shape: [2, 4]));
        Assert.Contains("has 2 rows, expected 3 (one per class in teacher.json)", wrongCount.Message);

        var zeroRow = LoadFails(TinyTeacher.Write(temp.Sub("c"), embeddings: [.. TinyTeacher.Embeddings[..8], 0, 0, 0, 0]));
        Assert.Contains("row 2 has norm 0", zeroRow.Message);
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public void Unreadable_or_missing_files_are_named()
    {
        var dir = TinyTeacher.Write(temp.Sub("a"));
        File.WriteAllBytes(Path.Combine(dir, TeacherMetadata.EncoderFile), [1, 2, 3, 4, 5]);
        Assert.Contains("not a readable ONNX model", LoadFails(dir).Message);

        File.Delete(Path.Combine(dir, TeacherMetadata.EncoderFile));
        Assert.Equal($"{Path.Combine(dir, TeacherMetadata.EncoderFile)}: file not found", LoadFails(dir).Message);

        File.WriteAllText(Path.Combine(dir, TeacherMetadata.FileName), "{ not json");
        Assert.Contains("not valid teacher metadata JSON", LoadFails(dir).Message);

        var npy = TinyTeacher.Write(temp.Sub("b"));
        File.WriteAllText(Path.Combine(npy, TeacherMetadata.ClassEmbeddingsFile), "garbage");
        Assert.EndsWith(TeacherMetadata.ClassEmbeddingsFile, LoadFails(npy).File);
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public void Out_of_range_metadata_fields_are_named()
    {
        Assert.Contains("field 'inputSize' is 0", LoadFails(TinyTeacher.Write(temp.Sub("a"), metadata: TinyTeacher.Metadata with { InputSize = 0 })).Message);
        Assert.Contains("field 'std' has a 0", LoadFails(TinyTeacher.Write(temp.Sub("b"), metadata: TinyTeacher.Metadata with { Std = [1, 0, 1] })).Message);
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public void A_label_relation_refines_the_class_embeddings_at_load()
    {
        var dir = TinyTeacher.Write(temp.Path, metadata: TinyTeacher.Metadata with { LabelRelation = new LabelRelation(Seed: 4) });
        Assert.Contains("relation.npy: file not found", LoadFails(dir).Message);

        NpyFile.Write(Path.Combine(dir, TeacherMetadata.RelationFile), NpyArray.Of(new float[4], 2, 2));
        Assert.Contains("expected [3, 3]", LoadFails(dir).Message);

        NpyFile.Write(Path.Combine(dir, TeacherMetadata.RelationFile), NpyArray.Of(new float[] { 1, 0.5f, 0, 0.5f, 1, 0, 0, 0, 1 }, 3, 3));
        using var refined = Teacher.Load(dir, OnnxExecution.Cpu());
        using var plain = Teacher.Load(TinyTeacher.Write(temp.Sub("plain")), OnnxExecution.Cpu());
        var (a, b) = (new float[3], new float[3]);
        refined.ClassEmbeddings.CosineLogits([1f, 1f, 0f, 0f], a);
        plain.ClassEmbeddings.CosineLogits([1f, 1f, 0f, 0f], b);
        Assert.NotEqual(b, a);
    }

    [Fact]
    public async Task Loads_what_the_clip_exporter_writes_including_the_label_relation()
    {
        // data/clip_format: infra/clip/export_clip_teacher.py run on a tiny stand-in model (make_clip_format_teacher.py).
        using var teacher = Teacher.Load(Path.Combine(AppContext.BaseDirectory, "Teachers", "data", "clip_format"), OnnxExecution.Cpu());
        var images = TinyTeacher.Images(temp.Path, 2);

        var logits = await new TeacherScorer(teacher).ScoreAsync(images, new TeacherScoringOptions(GridSize: 2));

        Assert.True(teacher.Encoder.DynamicBatch);
        Assert.Equal((20, 6, new LabelRelation(7)), (teacher.Classes, teacher.Metadata.EmbeddingDim, teacher.Metadata.LabelRelation));
        Assert.Equal("aeroplane", teacher.Metadata.Classes[0]);
        Assert.Equal((2, 5, 2, 20), (logits.Images, logits.Views, logits.Variants, logits.Classes));
        Assert.All(logits.Values, v => Assert.InRange(v, -1.0001f, 1.0001f));
    }

    [Fact]
    public void Cuda_detection_falls_back_to_the_cpu_with_a_reason_when_the_provider_is_absent()
    {
        var execution = OnnxExecution.Detect(preferCuda: true);
        // The test project uses the CPU-only runtime, so CUDA cannot load here whatever the machine has.
        Assert.Equal(ExecutionProvider.Cpu, execution.Provider);
        Assert.StartsWith("CUDA unavailable, using CPU: ", execution.Reason);
        // Without the driver the provider is not tried at all (ONNX Runtime would print an error to stderr).
        bool driverLoads = NativeLibrary.TryLoad("libcuda.so.1", out var driver);
        if (driverLoads) NativeLibrary.Free(driver);
        Assert.Equal(!driverLoads, execution.Reason.EndsWith("no CUDA driver (libcuda.so.1 does not load)", StringComparison.Ordinal));
        using var teacher = Teacher.Load(TinyTeacher.Write(temp.Path), execution);
    }
}
