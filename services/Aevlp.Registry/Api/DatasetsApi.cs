using System.Text.Json;
using System.Text.Json.Nodes;
using Aevlp.Contracts;
using Aevlp.ML.Data;
using Aevlp.Registry.Datasets;
using Aevlp.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Aevlp.Registry.Api;

/// <summary>/api/datasets: list datasets and import a version file by file, its manifest last. Each file is
/// streamed into blob storage and committed only when its SHA-256 matches the one the client sent; the
/// manifest is accepted only when it lists exactly the stored files with their hashes, and then makes the
/// version exist (README "Command line").</summary>
public static class DatasetsApi
{
    private const string Sha256Header = Uploads.Sha256Header;
    public const long MaxManifestBytes = 64L << 20;

    public static IEndpointRouteBuilder MapDatasetsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/datasets").WithTags("Datasets");
        api.MapGet("/", ListAsync).WithSummary("Datasets and their versions (complete or still importing)");
        api.MapGet("/{name}/{version}/files", ListFilesAsync).WithSummary("A version's stored files with their SHA-256");
        api.MapPut("/{name}/{version}/files/{**path}", PutFileAsync)
            .WithSummary($"Upload one file of a version that is not complete yet; header {Sha256Header} is its SHA-256");
        api.MapPut("/{name}/{version}/manifest", PutManifestAsync)
            .WithSummary("Complete a version: its manifest, listing exactly the stored files with their SHA-256");
        return app;
    }

    public static async Task<Ok<IReadOnlyList<DatasetSummary>>> ListAsync(DatasetCatalog catalog, CancellationToken ct) =>
        TypedResults.Ok(await catalog.ListAsync(ct));

    public static async Task<Results<Ok<IReadOnlyList<DatasetFile>>, ValidationProblem>> ListFilesAsync(string name, string version,
        BlobStore store, CancellationToken ct)
    {
        if (Problems(name, version, path: null) is { Count: > 0 } problems) return Invalid(problems);
        return TypedResults.Ok(await StoredFilesAsync(store, name, version, ct));
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> PutFileAsync(string name, string version, string path,
        HttpContext context, BlobStore store, DatasetCatalog catalog, IOptions<RegistryOptions> options, CancellationToken ct)
    {
        var problems = Problems(name, version, path);
        if (path == DatasetManifest.FileName) problems["path"] = [$"the manifest is uploaded last, to /api/datasets/{name}/{version}/manifest"];
        var sha256 = context.Request.Headers[Sha256Header].ToString();
        if (Uploads.Sha256Problem(sha256) is { } hashProblem) problems[Sha256Header] = [hashProblem];
        if (problems.Count > 0) return Invalid(problems);
        if (await catalog.IsCompleteAsync(name, version, ct)) return Complete(name, version);

        Uploads.LiftBodyLimit(context);
        var maxBytes = options.Value.MaxDatasetFileBytes;
        return await store.UploadVerifiedAsync(BlobLayout.Dataset(name, version, path), context.Request.Body, sha256, maxBytes, ct) switch
        {
            VerifiedUpload.Committed => TypedResults.NoContent(),
            VerifiedUpload.TooLarge => Uploads.TooLarge(path, maxBytes, nameof(RegistryOptions.MaxDatasetFileBytes)),
            _ => Invalid(new() { [Sha256Header] = [$"the body of {path} does not hash to {sha256}; nothing was stored"] }),
        };
    }

    public static async Task<Results<Created, ValidationProblem, ProblemHttpResult>> PutManifestAsync(string name, string version,
        HttpContext context, BlobStore store, DatasetCatalog catalog, CancellationToken ct)
    {
        if (Problems(name, version, path: null) is { Count: > 0 } invalid) return Invalid(invalid);
        if (await catalog.IsCompleteAsync(name, version, ct)) return Complete(name, version);
        Uploads.LiftBodyLimit(context, MaxManifestBytes);

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, ct);
        var problems = ManifestProblems(name, body.ToArray(), await StoredFilesAsync(store, name, version, ct));
        if (problems.Count > 0) return Invalid(problems);
        body.Position = 0;
        return await store.TryCreateAsync(BlobLayout.Dataset(name, version, DatasetManifest.FileName), body, ct)
            ? TypedResults.Created($"/api/datasets/{name}/{version}")
            : Complete(name, version);
    }

    private static Dictionary<string, string[]> ManifestProblems(string name, byte[] body, IReadOnlyList<DatasetFile> stored)
    {
        JsonObject? manifest;
        try
        {
            manifest = JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException e)
        {
            return new() { ["body"] = [$"not valid JSON: {e.Message}"] };
        }
        if (manifest is null) return new() { ["body"] = ["expected a JSON object (Aevlp.ML's DatasetManifest)"] };

        var problems = new Dictionary<string, string[]>();
        if (manifest["name"]?.GetValueKind() != JsonValueKind.String || (string?)manifest["name"] != name)
            problems["name"] = [$"expected \"{name}\", the dataset's name"];
        if (manifest["classes"] is not JsonArray { Count: > 0 } classes || classes.Any(c => c?.GetValueKind() != JsonValueKind.String))
            problems["classes"] = ["expected a non-empty array of class names"];
        if (manifest["sha256"] is not JsonObject listed)
        {
            problems["sha256"] = ["expected an object: file path → SHA-256 of every file of the version"];
            return problems;
        }
        var files = stored.Where(f => f.Path != DatasetManifest.FileName).ToDictionary(f => f.Path, f => f.Sha256);
        var fileProblems = new List<string>();
        foreach (var (path, hash) in listed)
        {
            if (!files.TryGetValue(path, out var storedHash)) fileProblems.Add($"{path}: listed but not uploaded");
            else if (storedHash != (hash?.GetValueKind() == JsonValueKind.String ? (string?)hash : null))
                fileProblems.Add($"{path}: listed with SHA-256 {hash?.ToJsonString()}, stored with {storedHash ?? "none"}");
        }
        fileProblems.AddRange(files.Keys.Where(path => !listed.ContainsKey(path)).Select(path => $"{path}: uploaded but not listed"));
        if (fileProblems.Count > 0) problems["sha256"] = [.. fileProblems];
        return problems;
    }

    private static async Task<IReadOnlyList<DatasetFile>> StoredFilesAsync(BlobStore store, string name, string version, CancellationToken ct)
    {
        var prefix = BlobLayout.Dataset(name, version, "").Name;
        return [.. (await store.ListHashedAsync(BlobLayout.Datasets, prefix, ct)).Select(b => new DatasetFile(b.Name[prefix.Length..], b.Size, b.Sha256))];
    }

    private static Dictionary<string, string[]> Problems(string name, string version, string? path)
    {
        var problems = new Dictionary<string, string[]>();
        if (DatasetNames.NameProblem(name) is { } nameProblem) problems["name"] = [nameProblem];
        if (DatasetNames.VersionProblem(version) is { } versionProblem) problems["version"] = [versionProblem];
        if (path is not null && DatasetNames.PathProblem(path) is { } pathProblem) problems["path"] = [pathProblem];
        return problems;
    }

    private static ValidationProblem Invalid(Dictionary<string, string[]> problems) => Uploads.Invalid(problems, "dataset upload");

    private static ProblemHttpResult Complete(string name, string version) => Uploads.Exists("The dataset version is complete",
        $"{name}@{version} has its manifest; a complete version never changes. Import into a new version.");
}
