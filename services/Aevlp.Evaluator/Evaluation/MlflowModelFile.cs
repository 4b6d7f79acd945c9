using System.Globalization;
using System.Text;
using System.Text.Json;
using Aevlp.ML.Onnx;

namespace Aevlp.Evaluator.Evaluation;

/// <summary>The <c>MLmodel</c> file of MLflow's <c>onnx</c> flavor, so <c>mlflow.onnx.load_model("models:/m-…")</c> and
/// <c>mlflow.pyfunc.load_model</c> load the exported model: the flavor names <c>model.onnx</c>; the signature says the
/// input is [batch, 3, S, S] float32 normalised as <c>model.json</c> says, and the output [batch, classes] logits.
/// Written by hand: eight keys of YAML do not need a YAML library, and every value is quoted.</summary>
public static class MlflowModelFile
{
    public const string FileName = "MLmodel";

    public static string Write(string modelId, string runId, string artifactUri, long sizeBytes, ModelManifest manifest, DateTimeOffset created)
    {
        var inputs = JsonSerializer.Serialize(new[] { Tensor(ModelManifest.InputName, [-1, 3, manifest.ImageSize, manifest.ImageSize]) });
        var outputs = JsonSerializer.Serialize(new[] { Tensor(ModelManifest.OutputName, [-1, manifest.Classes.Count]) });
        var yaml = new StringBuilder()
            .AppendLine($"artifact_path: {Quote(artifactUri)}")
            .AppendLine("flavors:")
            .AppendLine("  onnx:")
            .AppendLine($"    data: {Quote(ModelManifest.OnnxFileName)}")
            .AppendLine("    providers:")
            .AppendLine("    - CPUExecutionProvider")
            .AppendLine("  python_function:")
            .AppendLine($"    data: {Quote(ModelManifest.OnnxFileName)}")
            .AppendLine("    loader_module: mlflow.onnx")
            .AppendLine($"model_id: {Quote(modelId)}")
            .AppendLine($"model_size_bytes: {sizeBytes.ToString(CultureInfo.InvariantCulture)}")
            .AppendLine($"model_uuid: {Quote(modelId)}")
            .AppendLine($"run_id: {Quote(runId)}")
            .AppendLine("signature:")
            .AppendLine($"  inputs: {Quote(inputs)}")
            .AppendLine($"  outputs: {Quote(outputs)}")
            .AppendLine($"utc_time_created: {Quote(created.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture))}");
        return yaml.ToString();
    }

    private static object Tensor(string name, int[] shape) => new Dictionary<string, object>
    {
        ["type"] = "tensor",
        ["tensor-spec"] = new Dictionary<string, object> { ["dtype"] = "float32", ["shape"] = shape },
        ["name"] = name,
    };

    // YAML single quotes: nothing inside is special but the quote itself, written twice.
    private static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
