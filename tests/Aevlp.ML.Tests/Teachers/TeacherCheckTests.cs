using Aevlp.ML.Inference;
using Aevlp.ML.Teachers;

namespace Aevlp.ML.Tests.Teachers;

/// <summary>What an import checks before a teacher is stored: every problem at once, each naming its file.</summary>
public sealed class TeacherCheckTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    private static IReadOnlyList<string> Check(string directory) => TeacherCheck.Problems(directory, OnnxExecution.Cpu());

    [Fact]
    public void A_sound_teacher_and_the_clip_exporters_output_have_no_problems()
    {
        Assert.Empty(Check(TinyTeacher.Write(temp.Sub("tiny"))));
        Assert.Empty(Check(TinyTeacher.Write(temp.Sub("fixed"), model: "tiny_fixed.onnx")));
        Assert.Empty(Check(Path.Combine(AppContext.BaseDirectory, "Teachers", "data", "clip_format")));
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public void Every_problem_is_listed_naming_its_file()
    {
        var dir = TinyTeacher.Write(temp.Path, metadata: TinyTeacher.Metadata with { LabelRelation = new LabelRelation(Seed: 1) },
            embeddings: new float[15], shape: [3, 5]);
        File.WriteAllText(Path.Combine(dir, "notes.txt"), "hello");

        var problems = Check(dir);

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.StartsWith(Path.Combine(dir, "notes.txt") + ": teacher.json does not use it", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith(Path.Combine(dir, TeacherMetadata.ClassEmbeddingsFile) + ": has embedding size 5", StringComparison.Ordinal));
        Assert.Contains(problems, p => p == $"{Path.Combine(dir, TeacherMetadata.RelationFile)}: file not found (teacher.json sets labelRelation)");
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public void A_relation_file_teacher_json_does_not_ask_for_and_an_unreadable_encoder_are_named()
    {
        var dir = TinyTeacher.Write(temp.Path);
        File.WriteAllBytes(Path.Combine(dir, TeacherMetadata.EncoderFile), [1, 2, 3]);
        File.WriteAllBytes(Path.Combine(dir, TeacherMetadata.RelationFile), [0]);

        var problems = Check(dir);

        Assert.Equal(
        [
            $"{Path.Combine(dir, TeacherMetadata.RelationFile)}: teacher.json does not use it (set \"labelRelation\": {{\"seed\": N}} to refine the class embeddings with it); leave it out or use it",
            $"{Path.Combine(dir, TeacherMetadata.EncoderFile)}: not a readable ONNX model: " + problems[1].Split("not a readable ONNX model: ")[1],
        ], problems);
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public void Invalid_metadata_lists_every_bad_field_and_the_missing_files()
    {
        Directory.CreateDirectory(temp.Path);
        File.WriteAllText(Path.Combine(temp.Path, TeacherMetadata.FileName),
            """{"name": "", "inputName": "pixels", "outputName": "embedding", "inputSize": 0, "mean": [0, 0, 0], "std": [1, 1, 1], "channelOrder": "rgb", "pixelScale": 1, "embeddingDim": 4, "classes": []}""");

        var problems = Check(temp.Path);

        Assert.Equal(3, problems.Count);
        Assert.Equal($"{Path.Combine(temp.Path, TeacherMetadata.FileName)}: field 'name' is empty; field 'inputSize' is 0, expected ≥ 1; " +
            "field 'classes' is empty; expected one name per class embedding", problems[0]);
        Assert.Equal($"{Path.Combine(temp.Path, TeacherMetadata.EncoderFile)}: file not found", problems[1]);
    }

    /// <summary>Encoders that pass the graph check at load, [batch, 4] declared, and only show their fault when a batch runs: one
    /// folds the batch into rows (a batch of 2 gives [96, 4]), one gives −∞ (the log of a mean-coloured pixel's 0).</summary>
    [PythonTorchFact]
    [Trait("Category", "BadInput")]
    public void The_probe_batch_catches_what_the_graph_does_not_declare()
    {
        var (rows, infinite) = (TinyTeacher.Write(temp.Sub("rows")), TinyTeacher.Write(temp.Sub("infinite")));
        PythonScripts.Run($$"""
            import numpy, onnx
            from onnx import helper, numpy_helper, TensorProto
            def save(nodes, initializers, path):
                pixels = helper.make_tensor_value_info("pixels", TensorProto.FLOAT, ["batch", 3, 8, 8])
                embedding = helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["batch", 4])
                graph = helper.make_graph(nodes, "probe", [pixels], [embedding], initializer=initializers)
                onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)]), path)
            save([helper.make_node("Reshape", ["pixels", "shape"], ["embedding"])],
                 [numpy_helper.from_array(numpy.array([-1, 4], dtype=numpy.int64), "shape")], "{{rows}}/encoder.onnx")
            save([helper.make_node("Flatten", ["pixels"], ["flat"], axis=1),
                  helper.make_node("Slice", ["flat", "starts", "ends", "axes"], ["four"]),
                  helper.make_node("Log", ["four"], ["embedding"])],
                 [numpy_helper.from_array(numpy.array([v], dtype=numpy.int64), n) for n, v in [("starts", 0), ("ends", 4), ("axes", 1)]],
                 "{{infinite}}/encoder.onnx")
            """);

        Assert.Equal($"{Path.Combine(rows, TeacherMetadata.EncoderFile)}: a batch of 2 at 8 px gave output 'embedding' [96, 4], expected [2, 4] " +
            "(teacher.json embeddingDim)", Assert.Single(Check(rows)));
        Assert.Equal($"{Path.Combine(infinite, TeacherMetadata.EncoderFile)}: a batch of mean-coloured images (all zeros after normalisation) gave NaN or infinite embeddings in 'embedding'",
            Assert.Single(Check(infinite)));
    }
}
