using Aevlp.Storage;

namespace Aevlp.Trainer.Training;

/// <summary>A run's epoch checkpoints in blob storage, <c>runs/{runId}/checkpoints/epoch-NNN.ckpt</c>. Each holds
/// everything to resume exactly (weights, optimiser state, epoch, RNG state, best-so-far weights); the newest is
/// where a redelivered or re-dispatched run continues. Only the newest few are kept: the best weights travel
/// inside every checkpoint, so older ones add nothing; once the run is trained none is (a ResNet-18 checkpoint with
/// its optimiser state is ~180 MB, and nothing resumes a finished run).</summary>
public sealed class RunCheckpoints(BlobStore store, Guid runId)
{
    private const int Kept = 2;
    private const string Folder = "checkpoints/";

    public async Task SaveAsync(int epoch, ReadOnlyMemory<byte> checkpoint, CancellationToken cancellationToken)
    {
        using var content = BinaryData.FromBytes(checkpoint).ToStream();   // wraps the bytes, no copy
        await store.UploadAsync(BlobLayout.Run(runId, $"{Folder}epoch-{epoch:D3}.ckpt"), content, cancellationToken);
        await DeleteAsync((await ListAsync(cancellationToken)).SkipLast(Kept), cancellationToken);
    }

    /// <summary>After the trained marker is written: a redelivery is answered from the marker, never resumed.</summary>
    public async Task DeleteAllAsync(CancellationToken cancellationToken) =>
        await DeleteAsync(await ListAsync(cancellationToken), cancellationToken);

    /// <summary>The newest checkpoint, downloaded, or null for a fresh run.</summary>
    public async Task<Stream?> OpenLatestAsync(CancellationToken cancellationToken)
    {
        var newest = (await ListAsync(cancellationToken)).LastOrDefault();
        if (newest is null) return null;
        var data = await store.TryDownloadAsync(new BlobPath(BlobLayout.Runs, newest), cancellationToken);
        return data?.ToStream();
    }

    private async Task DeleteAsync(IEnumerable<string> names, CancellationToken cancellationToken)
    {
        foreach (var name in names)
        {
            await store.Blob(new BlobPath(BlobLayout.Runs, name)).DeleteIfExistsAsync(cancellationToken: cancellationToken);
        }
    }

    // Zero-padded epoch numbers sort by name.
    private async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken) =>
        (await store.ListAsync(BlobLayout.Runs, BlobLayout.Run(runId, Folder).Name, cancellationToken))
            .Where(name => name.EndsWith(".ckpt", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
}
