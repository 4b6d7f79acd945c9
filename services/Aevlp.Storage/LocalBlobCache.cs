using Azure.Storage.Blobs.Models;

namespace Aevlp.Storage;

/// <summary>A local copy of immutable blob folders (a dataset version, a teacher, a set of teacher logits),
/// fetched once per machine and reused by every run. A folder is downloaded into a temporary sibling and
/// renamed into place when complete, so a folder that exists is whole, even with several processes
/// fetching at once or a fetch killed half-way.</summary>
public sealed class LocalBlobCache(BlobStore store, string root)
{
    private const int ParallelDownloads = 8;

    public string Root { get; } = root;

    /// <summary>The local folder holding every blob under <c>container/prefix/</c>, fetched if needed.</summary>
    public async Task<string> GetFolderAsync(string container, string prefix, CancellationToken cancellationToken)
    {
        prefix = prefix.TrimEnd('/') + "/";
        var folder = Path.Combine(Root, container, prefix.TrimEnd('/'));
        if (Directory.Exists(folder)) return folder;

        var names = await store.ListAsync(container, prefix, cancellationToken);
        if (names.Count == 0)
        {
            throw new FileNotFoundException($"Blob storage has nothing under '{container}/{prefix}'.");
        }
        var partial = $"{folder}.partial-{Guid.NewGuid():N}";
        try
        {
            await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = ParallelDownloads, CancellationToken = cancellationToken },
                async (name, ct) =>
                {
                    var file = Path.Combine(partial, name[prefix.Length..]);
                    Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                    await store.Blob(new BlobPath(container, name)).DownloadToAsync(file, ct);
                });
            Directory.CreateDirectory(Path.GetDirectoryName(folder)!);
            Directory.Move(partial, folder);
        }
        catch (IOException) when (Directory.Exists(folder))
        {
            // Another process completed the same folder first; theirs is as good as ours.
        }
        finally
        {
            if (Directory.Exists(partial)) Directory.Delete(partial, recursive: true);
        }
        return folder;
    }
}
