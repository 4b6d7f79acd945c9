using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Aevlp.Storage;

/// <summary>The blob operations the services share. Uploads stream in blocks and become visible only when
/// the block list is committed at the end, so a crash mid-upload never leaves a half-written blob under its
/// final name (uncommitted blocks are invisible and expire on their own).</summary>
public sealed class BlobStore(BlobServiceClient service)
{
    /// <summary>The metadata key under which <see cref="UploadVerifiedAsync"/> records a blob's SHA-256.</summary>
    public const string Sha256Metadata = "sha256";

    private const int BlockSize = 4 * 1024 * 1024;

    public async Task EnsureContainersAsync(CancellationToken cancellationToken)
    {
        foreach (var container in BlobLayout.Containers)
        {
            await service.GetBlobContainerClient(container).CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken);
        }
    }

    public BlobClient Blob(BlobPath path) => service.GetBlobContainerClient(path.Container).GetBlobClient(path.Name);

    public async Task UploadAsync(BlobPath path, Stream content, CancellationToken cancellationToken)
    {
        await service.GetBlobContainerClient(path.Container).CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken);
        await Blob(path).UploadAsync(content, new BlobUploadOptions(), cancellationToken);
    }

    public async Task UploadFileAsync(BlobPath path, string file, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(file);
        await UploadAsync(path, stream, cancellationToken);
    }

    /// <summary>Streams <paramref name="content"/> into staged blocks, hashing and counting as it goes, and commits
    /// the blob (its SHA-256 in the metadata) only when it is at most <paramref name="maxBytes"/> long and hashes to
    /// <paramref name="expectedSha256"/> (lower-case hex); otherwise nothing becomes visible. Block ids are unique
    /// per upload, so two uploads of one name never mix their blocks.</summary>
    /// <param name="createOnly">Commit only if no blob has the name yet (<see cref="VerifiedUpload.AlreadyExists"/> otherwise): the
    /// commit marker of an immutable asset, which two importers may race to write.</param>
    public async Task<VerifiedUpload> UploadVerifiedAsync(BlobPath path, Stream content, string expectedSha256, long maxBytes,
        CancellationToken cancellationToken, bool createOnly = false)
    {
        var container = service.GetBlobContainerClient(path.Container);
        await container.CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken);
        var blob = container.GetBlockBlobClient(path.Name);
        var upload = Guid.NewGuid().ToString("N");
        var blocks = new List<string>();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BlockSize);
        try
        {
            long total = 0;
            int read;
            while ((read = await content.ReadAtLeastAsync(buffer.AsMemory(0, BlockSize), BlockSize, throwOnEndOfStream: false, cancellationToken)) > 0)
            {
                total += read;
                if (total > maxBytes) return VerifiedUpload.TooLarge;
                hash.AppendData(buffer, 0, read);
                var id = Convert.ToBase64String(Encoding.ASCII.GetBytes($"{upload}-{blocks.Count:D6}"));
                using var block = new MemoryStream(buffer, 0, read, writable: false);
                await blob.StageBlockAsync(id, block, cancellationToken: cancellationToken);
                blocks.Add(id);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (actual != expectedSha256) return VerifiedUpload.HashMismatch;
        var commit = new CommitBlockListOptions
        {
            Metadata = new Dictionary<string, string> { [Sha256Metadata] = actual },
            Conditions = createOnly ? new BlobRequestConditions { IfNoneMatch = ETag.All } : null,
        };
        try
        {
            await blob.CommitBlockListAsync(blocks, commit, cancellationToken);
        }
        catch (RequestFailedException e) when (createOnly && e.Status is 409 or 412)
        {
            return VerifiedUpload.AlreadyExists;
        }
        return VerifiedUpload.Committed;
    }

    /// <summary>Uploads a local file with its SHA-256 recorded, as <see cref="UploadVerifiedAsync"/> does for uploads from clients.</summary>
    public async Task<VerifiedUpload> UploadFileHashedAsync(BlobPath path, string file, CancellationToken cancellationToken, bool createOnly = false)
    {
        string sha256;
        await using (var hashing = File.OpenRead(file)) sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(hashing, cancellationToken));
        await using var content = File.OpenRead(file);
        return await UploadVerifiedAsync(path, content, sha256, long.MaxValue, cancellationToken, createOnly);
    }

    /// <summary>Writes <paramref name="content"/> with its SHA-256 recorded only if no blob has that name yet; false when one exists
    /// (another writer won). For the small file that makes an asset exist, written last.</summary>
    public async Task<bool> TryCreateHashedAsync(BlobPath path, byte[] content, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(content, writable: false);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        return await UploadVerifiedAsync(path, stream, sha256, long.MaxValue, cancellationToken, createOnly: true) == VerifiedUpload.Committed;
    }

    /// <summary>Uploads only if no blob has that name yet; false when one exists (another writer won).</summary>
    public async Task<bool> TryCreateAsync(BlobPath path, Stream content, CancellationToken cancellationToken,
        IDictionary<string, string>? metadata = null)
    {
        await service.GetBlobContainerClient(path.Container).CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken);
        try
        {
            var options = new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All }, Metadata = metadata };
            await Blob(path).UploadAsync(content, options, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }

    public async Task<bool> ExistsAsync(BlobPath path, CancellationToken cancellationToken) =>
        (await Blob(path).ExistsAsync(cancellationToken)).Value;

    public async Task<BinaryData?> TryDownloadAsync(BlobPath path, CancellationToken cancellationToken)
    {
        try
        {
            return (await Blob(path).DownloadContentAsync(cancellationToken)).Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>A blob's content as a stream, with its metadata; null when it does not exist.</summary>
    public async Task<(Stream Content, IDictionary<string, string> Metadata)?> TryOpenReadAsync(BlobPath path, CancellationToken cancellationToken)
    {
        try
        {
            var download = (await Blob(path).DownloadStreamingAsync(cancellationToken: cancellationToken)).Value;
            return (download.Content, download.Details.Metadata);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Deletes every blob under a prefix (<c>container/prefix</c>); blobs already gone are no error.</summary>
    public async Task DeletePrefixAsync(string container, string prefix, CancellationToken cancellationToken)
    {
        foreach (var name in await ListAsync(container, prefix, cancellationToken))
            await service.GetBlobContainerClient(container).GetBlobClient(name).DeleteIfExistsAsync(cancellationToken: cancellationToken);
    }

    /// <summary>Whether a worker holds the blob's lease now (<see cref="BlobLease"/>): an expired or broken lease is not held.</summary>
    public async Task<bool> IsLeasedAsync(BlobPath path, CancellationToken cancellationToken)
    {
        try
        {
            return (await Blob(path).GetPropertiesAsync(cancellationToken: cancellationToken)).Value.LeaseState == LeaseState.Leased;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
    }

    /// <summary>Blob names under a prefix (<c>container/prefix</c>), in name order.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(string container, string prefix, CancellationToken cancellationToken) =>
        (await ListVersionsAsync(container, prefix, cancellationToken)).Select(blob => blob.Name).ToList();

    /// <summary>Blob names under a prefix with their ETags, which change whenever a blob's content is written.</summary>
    public async Task<IReadOnlyList<(string Name, string ETag)>> ListVersionsAsync(string container, string prefix, CancellationToken cancellationToken)
    {
        var client = service.GetBlobContainerClient(container);
        if (!await client.ExistsAsync(cancellationToken)) return [];
        var blobs = new List<(string, string)>();
        await foreach (var item in client.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken))
        {
            blobs.Add((item.Name, item.Properties.ETag?.ToString() ?? ""));
        }
        return blobs;
    }

    /// <summary>Blobs under a prefix with their sizes and the SHA-256 their verified upload recorded, in name order.</summary>
    public async Task<IReadOnlyList<HashedBlob>> ListHashedAsync(string container, string prefix, CancellationToken cancellationToken)
    {
        var client = service.GetBlobContainerClient(container);
        if (!await client.ExistsAsync(cancellationToken)) return [];
        var blobs = new List<HashedBlob>();
        await foreach (var item in client.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, prefix, cancellationToken))
        {
            blobs.Add(new HashedBlob(item.Name, item.Properties.ContentLength ?? 0, item.Metadata.TryGetValue(Sha256Metadata, out var sha256) ? sha256 : null,
                item.Properties.LastModified));
        }
        return blobs;
    }

    /// <summary>The folder names directly under <c>container/prefix</c> (prefix empty or ending in '/'), in name order; none when
    /// the container does not exist.</summary>
    public async Task<IReadOnlyList<string>> FoldersAsync(string container, string prefix, CancellationToken cancellationToken)
    {
        var client = service.GetBlobContainerClient(container);
        var folders = new List<string>();
        if (!await client.ExistsAsync(cancellationToken)) return folders;
        await foreach (var item in client.GetBlobsByHierarchyAsync(BlobTraits.None, BlobStates.None, "/", prefix, cancellationToken))
        {
            if (item.IsPrefix) folders.Add(item.Prefix[prefix.Length..].TrimEnd('/'));
        }
        return folders;
    }

    public BlobLeaseClient LeaseClient(BlobPath path) => Blob(path).GetBlobLeaseClient();
}
