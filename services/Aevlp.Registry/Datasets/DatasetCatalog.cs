using System.Security.Cryptography;
using System.Text.Json;
using Aevlp.Configuration;
using Aevlp.ML.Data;
using Aevlp.Registry.Api;
using Aevlp.Registry.Configuration;
using Aevlp.Storage;

namespace Aevlp.Registry.Datasets;

/// <summary>The datasets in blob storage: <c>datasets/{name}/{version}/manifest.json</c>. A version is there when its manifest
/// is: an import writes it last, so a version folder without one is an import in progress or interrupted, never trained on.</summary>
public sealed class DatasetCatalog(BlobStore store)
{
    /// <summary>The named version, or the newest complete one when none is named; a problem naming what is missing otherwise.</summary>
    public async Task<(ResolvedDataset? Dataset, ConfigProblem? Problem)> ResolveAsync(DatasetReference reference, CancellationToken ct)
    {
        var versions = new List<string>();
        foreach (var folder in await VersionFoldersAsync(reference.Name, ct))
        {
            if (await IsCompleteAsync(reference.Name, folder, ct)) versions.Add(folder);
        }
        var expected = BlobLayout.Dataset(reference.Name, "{version}", DatasetManifest.FileName);
        if (versions.Count == 0) return (null, new ConfigProblem("dataset", $"'{reference.Name}' has no version in blob storage; expected {expected}"));
        var version = reference.Version ?? versions[^1];
        var path = BlobLayout.Dataset(reference.Name, version, DatasetManifest.FileName);
        return await ReadManifestAsync(reference.Name, version, ct) switch
        {
            null => (null, new ConfigProblem("dataset", $"'{reference}' not found: no {path}; versions there: {string.Join(", ", versions)}")),
            { Classes.Count: > 0 } manifest => (new ResolvedDataset(reference.Name, version, manifest.Classes), null),
            _ => (null, new ConfigProblem("dataset", $"{path} is not a dataset manifest: expected a JSON object with a non-empty \"classes\" list")),
        };
    }

    /// <summary>Every dataset with all its version folders, complete or not, in name order.</summary>
    public async Task<IReadOnlyList<DatasetSummary>> ListAsync(CancellationToken ct)
    {
        var datasets = new List<DatasetSummary>();
        foreach (var name in await store.FoldersAsync(BlobLayout.Datasets, "", ct))
        {
            var versions = new List<DatasetVersionInfo>();
            foreach (var version in await VersionFoldersAsync(name, ct))
            {
                var manifest = await ReadManifestAsync(name, version, ct);
                versions.Add(new DatasetVersionInfo(version, manifest is not null, manifest?.Classes.Count is > 0 and var count ? count : null,
                    manifest is null ? null : JsonSerializer.SerializeToNode(manifest.Counts)));
            }
            if (versions.Count > 0) datasets.Add(new DatasetSummary(name, versions));
        }
        return datasets;
    }

    public Task<bool> IsCompleteAsync(string name, string version, CancellationToken ct) =>
        store.ExistsAsync(BlobLayout.Dataset(name, version, DatasetManifest.FileName), ct);

    // Version folders, oldest first: numerically when every version is a number, ordinally otherwise.
    private async Task<List<string>> VersionFoldersAsync(string name, CancellationToken ct)
    {
        var versions = await store.FoldersAsync(BlobLayout.Datasets, $"{name}/", ct);
        return versions.All(v => long.TryParse(v, out _))
            ? [.. versions.OrderBy(long.Parse)]
            : [.. versions.Order(StringComparer.Ordinal)];
    }

    /// <summary>The SHA-256 (lower-case hex) of a stored version's manifest.json: it lists the hash of every other file, so it
    /// names the version's content. The version was resolved when the run was accepted, and versions are immutable.</summary>
    public async Task<string> ManifestSha256Async(string name, string version, CancellationToken ct)
    {
        var path = BlobLayout.Dataset(name, version, DatasetManifest.FileName);
        var content = await store.TryDownloadAsync(path, ct) ?? throw new InvalidOperationException($"{path} is gone, though the run was accepted on it");
        return Convert.ToHexStringLower(SHA256.HashData(content.ToMemory().Span));
    }

    /// <summary>The manifest; one with no usable classes (unreadable, or not an object) reads as an empty manifest, null when absent.</summary>
    private async Task<DatasetManifest?> ReadManifestAsync(string name, string version, CancellationToken ct) =>
        await store.TryDownloadAsync(BlobLayout.Dataset(name, version, DatasetManifest.FileName), ct) is { } content
            ? DatasetManifest.TryParse(content.ToArray()) ?? DatasetManifest.Empty(name)
            : null;
}
