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

    /// <summary>Uploads only if no blob has that name yet; false when one exists (another writer won).</summary>
    public async Task<bool> TryCreateAsync(BlobPath path, Stream content, CancellationToken cancellationToken)
    {
        await service.GetBlobContainerClient(path.Container).CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken);
        try
        {
            await Blob(path).UploadAsync(content, new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);
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

    public BlobLeaseClient LeaseClient(BlobPath path) => Blob(path).GetBlobLeaseClient();
}
