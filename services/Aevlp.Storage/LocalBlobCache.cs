using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Aevlp.Storage;

/// <summary>A local copy of blob folders (a dataset version, a teacher, a set of teacher logits), fetched once
/// per machine and reused by every run. Each copy is named after a fingerprint of the folder's blob names and
/// ETags, so a folder written anew (another platform install with its own blob storage, a re-seeded demo) is
/// never served from a stale copy. A folder is downloaded into a temporary sibling and renamed into place when
/// complete, so a copy that exists is whole, even with several processes fetching at once or a fetch killed
/// half-way.</summary>
public sealed class LocalBlobCache(BlobStore store, string root)
{
    private const int ParallelDownloads = 8;

    public string Root { get; } = root;

    /// <summary>The local folder holding every blob under <c>container/prefix/</c>, fetched if needed.</summary>
    public async Task<string> GetFolderAsync(string container, string prefix, CancellationToken cancellationToken)
    {
        prefix = prefix.TrimEnd('/') + "/";
        var blobs = await store.ListVersionsAsync(container, prefix, cancellationToken);
        if (blobs.Count == 0)
        {
            throw new MissingBlobsException($"Blob storage has nothing under '{container}/{prefix}'.");
        }
        var folder = Path.Combine(Root, container, prefix.TrimEnd('/'), Fingerprint(blobs));
        if (Directory.Exists(folder)) return folder;
        var names = blobs.Select(blob => blob.Name).ToList();
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

    /// <summary>Turns local copy paths in a message back into blob names (<c>container/prefix/file</c>), so an
    /// error names what the user stored, not where this machine cached it; a folder itself (<c>dataset … has 2
    /// problems</c>) becomes <c>container/prefix</c>.</summary>
    public string BlobNamesIn(string message) =>
        Regex.Replace(message, Regex.Escape(Path.TrimEndingDirectorySeparator(Root) + "/") + @"(\S*?)/[0-9a-f]{16}\b", "$1");

    private static string Fingerprint(IEnumerable<(string Name, string ETag)> blobs) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            string.Concat(blobs.OrderBy(b => b.Name, StringComparer.Ordinal).Select(b => $"{b.Name}\n{b.ETag}\n")))))[..16];
}
