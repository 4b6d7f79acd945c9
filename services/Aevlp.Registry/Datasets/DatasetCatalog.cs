using System.Text.Json;
using System.Text.Json.Nodes;
using Aevlp.Registry.Configuration;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Aevlp.Registry.Datasets;

/// <summary>The datasets in blob storage: <c>datasets/{name}/{version}/manifest.json</c> (container
/// <c>datasets</c>). A version is there when its manifest is.</summary>
public sealed class DatasetCatalog(BlobServiceClient blobs)
{
    public const string Container = "datasets";
    public const string ManifestName = "manifest.json";

    /// <summary>The named version, or the newest when none is named; a problem naming what is missing otherwise.</summary>
    public async Task<(ResolvedDataset? Dataset, ConfigProblem? Problem)> ResolveAsync(DatasetReference reference, CancellationToken ct)
    {
        var container = blobs.GetBlobContainerClient(Container);
        var versions = await ListVersionsAsync(container, reference.Name, ct);
        if (versions.Count == 0)
        {
            return (null, new ConfigProblem("dataset", $"'{reference.Name}' has no version in blob storage; expected {Container}/{reference.Name}/{{version}}/{ManifestName}"));
        }
        var version = reference.Version ?? versions[^1];
        var manifest = await ReadManifestAsync(container, reference.Name, version, ct);
        return manifest switch
        {
            null => (null, new ConfigProblem("dataset", $"'{reference}' not found: no {Container}/{reference.Name}/{version}/{ManifestName}; versions there: {string.Join(", ", versions)}")),
            JsonObject values => (new ResolvedDataset(reference.Name, version, ClassCount(values)), null),
            _ => (null, new ConfigProblem("dataset", $"{Container}/{reference.Name}/{version}/{ManifestName} is not a JSON object")),
        };
    }

    // Version folders, oldest first: numerically when every version is a number, ordinally otherwise.
    private static async Task<List<string>> ListVersionsAsync(BlobContainerClient container, string name, CancellationToken ct)
    {
        var versions = new List<string>();
        try
        {
            await foreach (var item in container.GetBlobsByHierarchyAsync(BlobTraits.None, BlobStates.None, "/", $"{name}/", ct))
            {
                if (item.IsPrefix) versions.Add(item.Prefix[(name.Length + 1)..].TrimEnd('/'));
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return versions;
        }
        return versions.All(v => long.TryParse(v, out _))
            ? [.. versions.OrderBy(long.Parse)]
            : [.. versions.Order(StringComparer.Ordinal)];
    }

    private static async Task<JsonNode?> ReadManifestAsync(BlobContainerClient container, string name, string version, CancellationToken ct)
    {
        try
        {
            var content = await container.GetBlobClient($"{name}/{version}/{ManifestName}").DownloadContentAsync(ct);
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
