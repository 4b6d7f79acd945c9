using Aevlp.Tracking.Api;
using Aevlp.Tracking.Client.Protocol;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;

namespace Aevlp.Tracking.Artifacts;

/// <summary>Artifacts as block blobs in one private container, named by their path under <c>mlflow-artifacts:/</c>.
/// Uploads stream block by block and appear under their name only when the block list is committed at the end, so
/// a failed or abandoned upload leaves nothing (an existing blob keeps its old content).</summary>
public sealed class ArtifactStore(BlobServiceClient blobs, IOptions<TrackingOptions> options, TrackingTelemetry telemetry,
    ILogger<ArtifactStore> logger)
{
    private BlobContainerClient Container => blobs.GetBlobContainerClient(options.Value.ArtifactContainer);

    public async Task EnsureContainerAsync(CancellationToken ct) =>
        await Container.CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: ct);

    public async Task UploadAsync(string path, Stream content, CancellationToken ct)
    {
        var block = options.Value.UploadBlockBytes;
        var counting = new CountingStream(content);
        await Container.GetBlobClient(path).UploadAsync(counting, new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/octet-stream" },
            TransferOptions = new StorageTransferOptions { InitialTransferSize = block, MaximumTransferSize = block, MaximumConcurrency = 1 },
        }, ct);
        telemetry.ArtifactBytesUploaded.Add(counting.BytesRead);
        logger.LogInformation("Stored artifact {Path} ({Bytes} bytes)", path, counting.BytesRead);
    }

    public async Task<BlobDownloadStreamingResult> OpenAsync(string path, CancellationToken ct)
    {
        try
        {
            return (await Container.GetBlobClient(path).DownloadStreamingAsync(cancellationToken: ct)).Value;
        }
        catch (RequestFailedException e) when (e.Status == StatusCodes.Status404NotFound)
        {
            throw MlflowError.NotFound($"Artifact '{path}' does not exist.");
        }
    }

    /// <summary>Files and folders directly under <paramref name="directory"/>, their paths made relative to <paramref name="relativeTo"/>.</summary>
    public async Task<IReadOnlyList<ArtifactFile>> ListAsync(string directory, string relativeTo, CancellationToken ct)
    {
        var prefix = directory.Length == 0 ? "" : directory + "/";
        var files = new List<ArtifactFile>();
        await foreach (var item in Container.GetBlobsByHierarchyAsync(BlobTraits.None, BlobStates.None, "/", prefix, ct))
        {
            files.Add(item.IsPrefix
                ? new ArtifactFile(Relative(item.Prefix.TrimEnd('/'), relativeTo), true)
                : new ArtifactFile(Relative(item.Blob.Name, relativeTo), false, item.Blob.Properties.ContentLength));
        }
        return files;
    }

    private static string Relative(string name, string root) =>
        root.Length == 0 ? name : name.StartsWith(root + "/", StringComparison.Ordinal) ? name[(root.Length + 1)..] : name;
}
