using System.CommandLine;
using System.Net.Http.Headers;
using System.Text.Json;
using Aevlp.Cli.Output;
using Aevlp.Contracts;
using Aevlp.Registry.Api;

namespace Aevlp.Cli.Commands;

/// <summary><c>aevlp teachers list | import DIR [--name NAME]</c>: frozen teachers (a CLIP export, infra/clip) in the registry.</summary>
public static class TeachersCommands
{
    public static Command Create(CliConsole console) => new("teachers", "Frozen teachers that score the views (e.g. a CLIP export)") { List(console), Import(console) };

    private static Command List(CliConsole console)
    {
        var list = new Command("list", "Imported teachers");
        list.SetAction(AevlpCli.Action(console, async invocation =>
        {
            var teachers = await invocation.Registry.GetAsync<List<TeacherSummary>>("/api/teachers", invocation.Cancellation);
            if (invocation.Json) await Show.JsonAsync(invocation, teachers);
            else await Show.TableAsync(invocation, ["NAME", "CLASSES", "EMBEDDING", "INPUT", "RELATION", "SHA-256", "IMPORTED"],
                [.. teachers.Select(t => new[]
                {
                    t.Name, t.Classes.Count.ToString(), t.EmbeddingDim.ToString(), $"{t.InputSize}px", t.LabelRelation ? "yes" : "no",
                    t.Sha256?[..12] ?? "-", Show.Time(t.ImportedAt?.UtcDateTime),
                })]);
            return ExitCodes.Ok;
        }));
        return list;
    }

    private static Command Import(CliConsole console)
    {
        var folder = new Argument<DirectoryInfo>("DIR") { Description = "The teacher's folder: teacher.json, encoder.onnx, class_embeddings.npy (and relation.npy, preprocess.onnx)" }
            .AcceptExistingOnly();
        var name = new Option<string?>("--name") { Description = "The teacher's name [default: teacher.json's \"name\"]" };
        var import = new Command("import", "Upload a teacher folder; the registry checks it whole (it runs the encoder once) and stores it only without problems")
        {
            folder, name,
        };
        import.SetAction(AevlpCli.Action(console, async invocation =>
        {
            var directory = invocation.Value(folder).FullName;
            var chosen = invocation.Value(name) ?? NameInMetadata(directory);
            if (DatasetNames.AssetNameProblem("teacher", chosen) is { } problem) throw new UsageException(problem);
            using var form = new MultipartFormDataContent();
            foreach (var file in Directory.GetFiles(directory).Order(StringComparer.Ordinal))
            {
                var part = AssetFiles.Content(file, await AssetFiles.Sha256Async(file, invocation.Cancellation));
                part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                form.Add(part, "files", Path.GetFileName(file));
            }
            var teacher = await invocation.Registry.PutAsync<TeacherSummary>($"/api/teachers/{chosen}", form, invocation.Cancellation);
            if (invocation.Json) await Show.JsonAsync(invocation, teacher);
            else await invocation.Console.Out.WriteLineAsync(
                $"imported teacher {teacher.Name}: {teacher.Classes.Count} classes, {teacher.EmbeddingDim}-d embeddings, {teacher.InputSize} px input, " +
                $"label relations {(teacher.LabelRelation ? "yes" : "no")}, SHA-256 {teacher.Sha256}");
            return ExitCodes.Ok;
        }));
        return import;
    }

    /// <summary>teacher.json's "name"; its other fields are the registry's to check.</summary>
    private static string NameInMetadata(string directory)
    {
        var metadata = Path.Combine(directory, "teacher.json");
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(metadata));
            return document.RootElement.TryGetProperty("name", out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()!
                : throw new UsageException($"{metadata} names no teacher (\"name\"); give --name NAME");
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            throw new UsageException($"{metadata}: {e.Message}; give --name NAME, the registry checks the file");
        }
    }
}
