using Aevlp.Contracts;
using Aevlp.ML.Inference;
using Aevlp.ML.Teachers;
using Aevlp.Registry.Assets;
using Aevlp.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Aevlp.Registry.Api;

/// <summary>/api/teachers: frozen teachers (infra/clip/README.md). An import is one multipart/form-data request, one part per
/// file named by its file name, each with its SHA-256 in an <c>X-Content-SHA256</c> part header. The files are spooled to the
/// registry and checked together (teacher.json valid, encoder.onnx run on a probe batch, class_embeddings.npy and relation.npy
/// shaped as teacher.json says); only a teacher without problems is stored, teacher.json last, and a name never changes once
/// it is (409).</summary>
public static class TeachersApi
{
    private const string What = "teacher import";

    public static IEndpointRouteBuilder MapTeachersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/teachers").WithTags("Teachers");
        api.MapGet("/", ListAsync).WithSummary("Imported teachers and their files");
        api.MapGet("/{name}", GetAsync).WithSummary("One teacher");
        api.MapPut("/{name}", ImportAsync).Accepts<IFormFile>("multipart/form-data")
            .WithSummary($"Import a teacher: multipart/form-data, one part per file (teacher.json, encoder.onnx, class_embeddings.npy, optional preprocess.onnx and relation.npy), each with header {Uploads.Sha256Header}");
        return app;
    }

    public static async Task<Ok<IReadOnlyList<TeacherSummary>>> ListAsync(TeacherCatalog catalog, CancellationToken ct) =>
        TypedResults.Ok(await catalog.ListAsync(ct));

    public static async Task<Results<Ok<TeacherSummary>, ProblemHttpResult>> GetAsync(string name, TeacherCatalog catalog, CancellationToken ct) =>
        await catalog.FindAsync(name, ct) is { } teacher
            ? TypedResults.Ok(teacher)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Teacher not found", detail: $"There is no teacher '{name}'.");

    public static async Task<Results<Created<TeacherSummary>, ValidationProblem, ProblemHttpResult>> ImportAsync(string name, HttpContext context,
        BlobStore store, TeacherCatalog catalog, OnnxExecution execution, IOptions<RegistryOptions> options, ILoggerFactory loggers,
        CancellationToken ct)
    {
        var problems = new Dictionary<string, List<string>>();
        if (DatasetNames.AssetNameProblem("teacher", name) is { } nameProblem) Add(problems, "name", nameProblem);
        var boundary = Boundary(context.Request.ContentType);
        if (boundary is null) Add(problems, "body", $"got Content-Type '{context.Request.ContentType}'; expected multipart/form-data, one part per teacher file");
        if (problems.Count > 0) return Invalid(problems);
        if (await catalog.FindAsync(name, ct) is not null) return Exists(name);

        Uploads.LiftBodyLimit(context);
        using var spool = ImportSpool.Create(options);
        var hashes = await SpoolPartsAsync(new MultipartReader(boundary!, context.Request.Body) { BodyLengthLimit = null }, spool, options.Value, problems, ct);
        if (hashes is null) return Uploads.TooLarge("a teacher file", options.Value.MaxTeacherFileBytes, nameof(RegistryOptions.MaxTeacherFileBytes));
        foreach (var missing in TeacherMetadata.RequiredFiles.Where(file => !hashes.ContainsKey(file))) Add(problems, missing, "missing: every teacher has this file");
        if (problems.Count == 0)
        {
            var found = await Task.Run(() => TeacherCheck.Problems(spool.Folder, execution), ct);
            foreach (var problem in found.Select(spool.Uploaded)) Add(problems, FileOf(problem), problem);
        }
        if (problems.Count > 0) return Invalid(problems);

        await using var lease = await BlobLease.TryAcquireAsync(store, BlobLayout.ImportLock(BlobLayout.Teachers, name), ct);
        if (lease is null || await catalog.FindAsync(name, ct) is not null) return Exists(name);
        foreach (var (file, sha256) in hashes.Where(file => file.Key != TeacherMetadata.FileName))
        {
            await using var content = File.OpenRead(spool.PathOf(file));
            await store.UploadVerifiedAsync(BlobLayout.Teacher(name, file), content, sha256, long.MaxValue, ct);
        }
        await using (var metadata = File.OpenRead(spool.PathOf(TeacherMetadata.FileName)))
        {
            if (await store.UploadVerifiedAsync(BlobLayout.Teacher(name, TeacherMetadata.FileName), metadata, hashes[TeacherMetadata.FileName], long.MaxValue,
                    ct, createOnly: true) != VerifiedUpload.Committed)
                return Exists(name);
        }
        var teacher = (await catalog.FindAsync(name, ct))!;
        loggers.CreateLogger(typeof(TeachersApi)).LogInformation("Imported teacher {Name}: {Classes} classes, {Dim}-d embeddings, {Size} px, SHA-256 {Sha256}", name, teacher.Classes.Count,
            teacher.EmbeddingDim, teacher.InputSize, teacher.Sha256);
        return TypedResults.Created($"/api/teachers/{name}", teacher);
    }

    /// <summary>Each part into the spool, by its file name; the SHA-256 of each verified file, or null when a part is too large.</summary>
    private static async Task<Dictionary<string, string>?> SpoolPartsAsync(MultipartReader reader, ImportSpool spool, RegistryOptions options,
        Dictionary<string, List<string>> problems, CancellationToken ct)
    {
        var hashes = new Dictionary<string, string>();
        while (await reader.ReadNextSectionAsync(ct) is { } section)
        {
            var file = FileName(section.ContentDisposition);
            var claimed = section.Headers?.TryGetValue(Uploads.Sha256Header, out var value) == true ? value.ToString() : null;
            if (file is null || !TeacherMetadata.AllFiles.Contains(file))
            {
                Add(problems, file ?? "body", $"'{file}' is not a teacher file; a teacher holds {string.Join(", ", TeacherMetadata.AllFiles)}");
                await section.Body.CopyToAsync(Stream.Null, ct);
                continue;
            }
            if (hashes.ContainsKey(file) || problems.ContainsKey(file))
            {
                Add(problems, file, "sent twice; expected one part per file");
                await section.Body.CopyToAsync(Stream.Null, ct);
                continue;
            }
            var actual = await spool.WriteAsync(file, section.Body, options.MaxTeacherFileBytes, ct);
            if (actual is null) return null;
            if (Uploads.Sha256Problem(claimed) is { } hashProblem) Add(problems, file, $"{Uploads.Sha256Header} part header {hashProblem}");
            else if (actual != claimed) Add(problems, file, $"the part hashes to {actual}, not {claimed}");
            else hashes[file] = actual;
        }
        return hashes;
    }

    private static string? Boundary(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var type) && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            ? HeaderUtilities.RemoveQuotes(type.Boundary).Value
            : null;

    private static string? FileName(string? contentDisposition) =>
        ContentDispositionHeaderValue.TryParse(contentDisposition, out var disposition)
            ? Path.GetFileName(HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value)
            : null;

    // A checker's message starts with the file it concerns.
    private static string FileOf(string problem) => TeacherMetadata.AllFiles.FirstOrDefault(file => problem.StartsWith(file + ":", StringComparison.Ordinal)) ?? "teacher";

    private static void Add(Dictionary<string, List<string>> problems, string key, string problem)
    {
        if (!problems.TryGetValue(key, out var list)) problems[key] = list = [];
        list.Add(problem);
    }

    private static ValidationProblem Invalid(Dictionary<string, List<string>> problems) =>
        Uploads.Invalid(problems.ToDictionary(entry => entry.Key, entry => entry.Value.ToArray()), What);

    private static ProblemHttpResult Exists(string name) => Uploads.Exists("The teacher exists",
        $"teacher '{name}' is already imported (or being imported) and never changes; import under another name.");
}
