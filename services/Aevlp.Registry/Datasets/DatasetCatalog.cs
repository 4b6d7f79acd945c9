using System.Text.Json;
using System.Text.Json.Nodes;
using Aevlp.Registry.Api;
using Aevlp.Registry.Configuration;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Aevlp.Registry.Datasets;

/// <summary>The datasets in blob storage: <c>datasets/{name}/{version}/manifest.json</c> (container
/// <c>datasets</c>). A version is there when its manifest is: an import writes it last, so a version folder
/// without one is an import in progress or interrupted, never trained on.</summary>
public sealed class DatasetCatalog(BlobServiceClient blobs)
{
    public const string Container = "datasets";
    public const string ManifestName = "manifest.json";

    private BlobContainerClient Datasets => blobs.GetBlobContainerClient(Container);

    /// <summary>The named version, or the newest complete one when none is named; a problem naming what is missing otherwise.</summary>
    public async Task<(ResolvedDataset? Dataset, ConfigProblem? Problem)> ResolveAsync(DatasetReference reference, CancellationToken ct)
    {
        var versions = new List<string>();
        foreach (var folder in await VersionFoldersAsync(reference.Name, ct))
        {
            if (await IsCompleteAsync(reference.Name, folder, ct)) versions.Add(folder);
        }
        if (versions.Count == 0)
        {
            return (null, new ConfigProblem("dataset", $"'{reference.Name}' has no version in blob storage; expected {Container}/{reference.Name}/{{version}}/{ManifestName}"));
        }
        var version = reference.Version ?? versions[^1];
        var manifest = await ReadManifestAsync(reference.Name, version, ct);
        return manifest switch
        {
            null => (null, new ConfigProblem("dataset", $"'{reference}' not found: no {Container}/{reference.Name}/{version}/{ManifestName}; versions there: {string.Join(", ", versions)}")),
            JsonObject values => (new ResolvedDataset(reference.Name, version, ClassCount(values)), null),
            _ => (null, new ConfigProblem("dataset", $"{Container}/{reference.Name}/{version}/{ManifestName} is not a JSON object")),
        };
    }

    /// <summary>Every dataset with all its version folders, complete or not, in name order.</summary>
    public async Task<IReadOnlyList<DatasetSummary>> ListAsync(CancellationToken ct)
    {
        var datasets = new List<DatasetSummary>();
        foreach (var name in await FoldersAsync("", ct))
        {
            var versions = new List<DatasetVersionInfo>();
            foreach (var version in await VersionFoldersAsync(name, ct))
            {
                var manifest = await ReadManifestAsync(name, version, ct) as JsonObject;
                versions.Add(new DatasetVersionInfo(version, manifest is not null, manifest is null ? null : ClassCount(manifest),
                    manifest?["counts"]?.DeepClone()));
            }
            if (versions.Count > 0) datasets.Add(new DatasetSummary(name, versions));
        }
        return datasets;
    }

    public async Task<bool> IsCompleteAsync(string name, string version, CancellationToken ct) =>
        (await Datasets.GetBlobClient($"{name}/{version}/{ManifestName}").ExistsAsync(ct)).Value;

    // Version folders, oldest first: numerically when every version is a number, ordinally otherwise.
    private async Task<List<string>> VersionFoldersAsync(string name, CancellationToken ct)
    {
        var versions = await FoldersAsync($"{name}/", ct);
        return versions.All(v => long.TryParse(v, out _))
            ? [.. versions.OrderBy(long.Parse)]
            : [.. versions.Order(StringComparer.Ordinal)];
    }

    private async Task<List<string>> FoldersAsync(string prefix, CancellationToken ct)
    {
        var folders = new List<string>();
        try
        {
            await foreach (var item in Datasets.GetBlobsByHierarchyAsync(BlobTraits.None, BlobStates.None, "/", prefix, ct))
            {
                if (item.IsPrefix) folders.Add(item.Prefix[prefix.Length..].TrimEnd('/'));
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return folders;
        }
        return folders;
    }

    private async Task<JsonNode?> ReadManifestAsync(string name, string version, CancellationToken ct)
    {
        try
        {
            var content = await Datasets.GetBlobClient($"{name}/{version}/{ManifestName}").DownloadContentAsync(ct);
            return JsonNode.Parse(content.Value.Content.ToString()) ?? new JsonArray();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        catch (JsonException)
        {
            return new JsonArray();
        }
    }

    // Aevlp.ML's DatasetManifest writes "classes"; accept the PascalCase spelling of other writers too.
    private static int? ClassCount(JsonObject manifest) =>
        (manifest["classes"] ?? manifest["Classes"]) is JsonArray classes && classes.Count > 0 ? classes.Count : null;
}
