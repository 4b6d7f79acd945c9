using System.Collections.Concurrent;
using Aevlp.Contracts;
using Aevlp.Storage;

namespace Aevlp.PseudoLabeler.Storage;

/// <summary>The dataset version and teacher a request names, from blob storage through the local cache.</summary>
public sealed class PseudoLabelInputs(BlobStore store, LocalBlobCache cache)
{
    // A cached folder is named after its blobs' ETags and never changes, so its hash is read once per process,
    // not on every request (the teacher's encoder is the largest file the pseudo-labeler reads).
    private readonly ConcurrentDictionary<string, Task<string>> folderHashes = new();

    /// <summary>SHA-256 of the version's manifest.json, which itself hashes every file of the version.</summary>
    public async Task<string> DatasetManifestSha256Async(GeneratePseudoLabels command, CancellationToken cancellationToken)
    {
        var path = BlobLayout.Dataset(command.Dataset, command.DatasetVersion, Aevlp.ML.Data.DatasetManifest.FileName);
        var manifest = await store.TryDownloadAsync(path, cancellationToken)
            ?? throw new MissingBlobsException($"{path} not found: dataset '{command.Dataset}' has no version '{command.DatasetVersion}'");
        return CacheKey.Sha256(manifest.ToMemory().Span);
    }

    public Task<string> DatasetFolderAsync(GeneratePseudoLabels command, CancellationToken cancellationToken) =>
        cache.GetFolderAsync(BlobLayout.Datasets, $"{command.Dataset}/{command.DatasetVersion}", cancellationToken);

    /// <returns>The local teacher folder and one hash over its files.</returns>
    public async Task<(string Folder, string Sha256)> TeacherAsync(string teacher, CancellationToken cancellationToken)
    {
        string folder;
        try
        {
            folder = await cache.GetFolderAsync(BlobLayout.Teachers, teacher, cancellationToken);
        }
        catch (MissingBlobsException)
        {
            throw new MissingBlobsException($"{BlobLayout.Teachers}/{teacher}/ holds no files: no teacher named '{teacher}'");
        }
        return (folder, await HashOnceAsync(folder, cancellationToken));
    }

    private async Task<string> HashOnceAsync(string folder, CancellationToken cancellationToken)
    {
        var hashing = folderHashes.GetOrAdd(folder, f => CacheKey.HashFolderAsync(f, CancellationToken.None));
        try
        {
            return await hashing.WaitAsync(cancellationToken);
        }
        catch when (hashing.IsFaulted)
        {
            folderHashes.TryRemove(folder, out _);   // an I/O error is not remembered
            throw;
        }
    }
}
