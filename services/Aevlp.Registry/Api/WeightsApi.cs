using System.Text.Json;
using Aevlp.Configuration;
using Aevlp.Contracts;
using Aevlp.ML.Models;
using Aevlp.Registry.Assets;
using Aevlp.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Aevlp.Registry.Api;

/// <summary>/api/weights: pretrained backbone weights, a torchvision state dict per name. An import streams the file to the
/// registry, checks its SHA-256 and loads it into the architecture's layout, listing every missing, unexpected or mis-shaped
/// key; only a file that loads is stored, and a name never changes once it is (409).</summary>
public static class WeightsApi
{
    /// <summary>The architectures weights can be imported for; resnet18-dnn brings its own.</summary>
    public static readonly IReadOnlyList<Architecture> Importable = [Architecture.SmallCnn, Architecture.ResNet18, Architecture.ResNet50];

    public static IEndpointRouteBuilder MapWeightsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/weights").WithTags("Weights");
        api.MapGet("/", ListAsync).WithSummary("Imported pretrained weights, newest first");
        api.MapGet("/{name}", GetAsync).WithSummary("One set of imported weights");
        api.MapPut("/{name}", ImportAsync)
            .WithSummary($"Import a torchvision state dict (torch.save zip or safetensors) as the body; query arch, header {Uploads.Sha256Header}");
        return app;
    }

    public static async Task<Ok<IReadOnlyList<WeightsSummary>>> ListAsync(WeightsCatalog catalog, CancellationToken ct) =>
        TypedResults.Ok(await catalog.ListAsync(ct));

    public static async Task<Results<Ok<WeightsSummary>, ProblemHttpResult>> GetAsync(string name, WeightsCatalog catalog, CancellationToken ct) =>
        await catalog.FindAsync(name, ct) is { } weights
            ? TypedResults.Ok(weights)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Weights not found", detail: $"There are no weights '{name}'.");

    /// <param name="source">The file's name on the client, kept for the listing.</param>
    public static async Task<Results<Created<WeightsSummary>, ValidationProblem, ProblemHttpResult>> ImportAsync(string name, string? arch, string? source,
        HttpContext context, BlobStore store, WeightsCatalog catalog, IOptions<RegistryOptions> options, ILoggerFactory loggers, CancellationToken ct)
    {
        var sha256 = context.Request.Headers[Uploads.Sha256Header].ToString();
        var problems = RequestProblems(name, arch, sha256);
        if (problems.Count > 0) return Uploads.Invalid(problems, "weights import");
        var architecture = ConfigNames.Architectures.Parse(arch!);
        if (await catalog.FindAsync(name, ct) is not null) return Exists(name);

        Uploads.LiftBodyLimit(context);
        using var spool = ImportSpool.Create(options);
        const string upload = "upload";
        var maxBytes = options.Value.MaxWeightsBytes;
        var actual = await spool.WriteAsync(upload, context.Request.Body, maxBytes, ct);
        if (actual is null) return Uploads.TooLarge(source ?? "the state dict", maxBytes, nameof(RegistryOptions.MaxWeightsBytes));
        if (actual != sha256) return Uploads.Invalid(new() { [Uploads.Sha256Header] = [$"the body hashes to {actual}, not {sha256}"] }, "weights import");
        if (StateDictFormat.Of(spool.PathOf(upload)) is not { } format)
            return Uploads.Invalid(new() { ["file"] = [StateDictFormat.Unrecognised(source ?? "the body")] }, "weights import");

        var file = StateDictFormat.FileName(format);
        File.Move(spool.PathOf(upload), spool.PathOf(file));
        var (tensors, loadProblems) = await Task.Run(() => CheckAgainst(architecture, spool.PathOf(file)), ct);
        if (loadProblems.Count > 0)
            return Uploads.Invalid(new() { ["file"] = [.. loadProblems.Select(spool.Uploaded)] }, $"weights import for {arch}");

        await using var lease = await BlobLease.TryAcquireAsync(store, BlobLayout.ImportLock(BlobLayout.Weights, name), ct);
        if (lease is null || await catalog.FindAsync(name, ct) is not null) return Exists(name);
        var size = new FileInfo(spool.PathOf(file)).Length;
        await using (var content = File.OpenRead(spool.PathOf(file)))
            await store.UploadVerifiedAsync(BlobLayout.PretrainedWeights(name, file), content, sha256, long.MaxValue, ct);
        var summary = new WeightsSummary(name, arch!, format, file, sha256, size, tensors, DateTimeOffset.UtcNow, source);
        var descriptor = JsonSerializer.SerializeToUtf8Bytes(summary, JsonSerializerOptions.Web);
        if (!await store.TryCreateHashedAsync(BlobLayout.PretrainedWeights(name, BlobLayout.WeightsDescriptor), descriptor, ct)) return Exists(name);
        loggers.CreateLogger(typeof(WeightsApi)).LogInformation("Imported weights {Name} for {Arch}: {Tensors} tensors, {Bytes} bytes, SHA-256 {Sha256}", name, arch, tensors, size, sha256);
        return TypedResults.Created($"/api/weights/{name}", summary);
    }

    private static Dictionary<string, string[]> RequestProblems(string name, string? arch, string sha256)
    {
        var problems = new Dictionary<string, string[]>();
        if (DatasetNames.AssetNameProblem("weights", name) is { } nameProblem) problems["name"] = [nameProblem];
        var importable = string.Join(", ", Importable.Select(ConfigNames.Architectures.Of));
        if (ConfigNames.Architectures.TryParse(arch) is not { } architecture)
            problems["arch"] = [$"got '{arch}'; expected one of {importable}"];
        else if (!Importable.Contains(architecture))
            problems["arch"] = [$"{arch} starts from the weights packaged with it; weights can be imported for {importable}"];
        if (Uploads.Sha256Problem(sha256) is { } hashProblem) problems[Uploads.Sha256Header] = [hashProblem];
        return problems;
    }

    private static (int Tensors, IReadOnlyList<string> Problems) CheckAgainst(Architecture arch, string file)
    {
        using var backbone = Architectures.Layout(arch);
        return PretrainedWeights.Check(backbone, file);
    }

    private static ProblemHttpResult Exists(string name) => Uploads.Exists("The weights exist",
        $"weights '{name}' are already imported (or being imported) and never change; import under another name.");
}
