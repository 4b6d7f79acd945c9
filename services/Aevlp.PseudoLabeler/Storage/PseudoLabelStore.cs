using System.Globalization;
using System.Text;
using Aevlp.ML.Teachers;
using Aevlp.Storage;

namespace Aevlp.PseudoLabeler.Storage;

/// <summary>
/// Teacher logits under <c>pseudo-labels/{key}/</c>: <c>logits.npy</c>, then <c>pseudo-labels.json</c> as the commit
/// marker. The logits blob streams up in blocks that become visible only when committed, and the manifest is
/// created only if absent, so readers that wait for the manifest never see a half-written set. While a pass runs, its
/// chunks are committed under <c>chunks-{size}/</c>, each created only if absent, so a chunk is committed once.
/// </summary>
public sealed class PseudoLabelStore(BlobStore store)
{
    private const string WorkerMetadata = "worker", ProviderMetadata = "provider", SecondsMetadata = "seconds";

    public Task<bool> IsCompleteAsync(string key, CancellationToken cancellationToken) =>
        store.ExistsAsync(BlobLayout.PseudoLabel(key, TeacherLogitsManifest.FileName), cancellationToken);

    /// <summary>One worker computes a key at a time; the others wait for its manifest. The key's lease, or null once the key
    /// is complete (<see cref="BlobLease.AcquireUnlessDoneAsync"/>).</summary>
    public Task<BlobLease?> LockUnlessCompleteAsync(string key, Action onWaiting, CancellationToken cancellationToken) =>
        BlobLease.AcquireUnlessDoneAsync(store, Lease(key), ct => IsCompleteAsync(key, ct), onWaiting, cancellationToken);

    /// <summary>Whether a replica coordinates a pass of the key now: chunks nobody waits for are not worth scoring.</summary>
    public Task<bool> IsCoordinatedAsync(string key, CancellationToken cancellationToken) => store.IsLeasedAsync(Lease(key), cancellationToken);

    /// <summary>Writes logits.npy, then the manifest that makes the key complete, then drops the pass's chunks.</summary>
    public async Task CommitAsync(TeacherLogitsManifest manifest, string logitsFile, int chunkImages, CancellationToken cancellationToken)
    {
        await store.UploadFileAsync(BlobLayout.PseudoLabel(manifest.Key, TeacherLogitsManifest.LogitsFile), logitsFile, cancellationToken);
        using var json = new MemoryStream(manifest.ToJson());
        await store.TryCreateAsync(BlobLayout.PseudoLabel(manifest.Key, TeacherLogitsManifest.FileName), json, cancellationToken);
        await DeleteChunksAsync(manifest.Key, chunkImages, cancellationToken);
    }

    /// <summary>The first image of every chunk committed so far, and the reasons of chunks that cannot be scored.</summary>
    public async Task<ChunkState> ChunkStateAsync(string key, int chunkImages, CancellationToken cancellationToken)
    {
        var committed = new HashSet<int>();
        var failures = new List<string>();
        foreach (var name in await store.ListAsync(BlobLayout.PseudoLabels, BlobLayout.PseudoLabelChunks(key, chunkImages), cancellationToken))
        {
            var file = Path.GetFileName(name);
            int first = int.Parse(Path.GetFileNameWithoutExtension(file), CultureInfo.InvariantCulture);
            if (file.EndsWith(".npy", StringComparison.Ordinal)) committed.Add(first);
            else if (await store.TryDownloadAsync(BlobLayout.PseudoLabelChunk(key, chunkImages, first, failed: true), cancellationToken) is { } reason)
                failures.Add(reason.ToString());
        }
        return new ChunkState(committed, failures);
    }

    public Task<bool> IsChunkCommittedAsync(string key, int chunkImages, int first, CancellationToken cancellationToken) =>
        store.ExistsAsync(BlobLayout.PseudoLabelChunk(key, chunkImages, first), cancellationToken);

    /// <summary>Commits a chunk's .npy with who scored it; false when a duplicate delivery committed it first.</summary>
    public Task<bool> TryCommitChunkAsync(string key, int chunkImages, Stream npy, TeacherLogitsChunk chunk, CancellationToken cancellationToken) =>
        store.TryCreateAsync(BlobLayout.PseudoLabelChunk(key, chunkImages, chunk.First), npy, cancellationToken, new Dictionary<string, string>
        {
            [WorkerMetadata] = chunk.Worker,
            [ProviderMetadata] = chunk.ExecutionProvider,
            [SecondsMetadata] = chunk.Seconds.ToString("R", CultureInfo.InvariantCulture),
        });

    /// <summary>Records why a chunk cannot be scored; the coordinating replica fails the run with it.</summary>
    public async Task RecordChunkFailureAsync(string key, int chunkImages, int first, string reason, CancellationToken cancellationToken)
    {
        using var text = new MemoryStream(Encoding.UTF8.GetBytes(reason));
        await store.TryCreateAsync(BlobLayout.PseudoLabelChunk(key, chunkImages, first, failed: true), text, cancellationToken);
    }

    /// <summary>A committed chunk's .npy and who scored it.</summary>
    public async Task<(Stream Npy, TeacherLogitsChunk Chunk)> OpenChunkAsync(string key, int chunkImages, int first, int count,
        CancellationToken cancellationToken)
    {
        var path = BlobLayout.PseudoLabelChunk(key, chunkImages, first);
        var (content, metadata) = await store.TryOpenReadAsync(path, cancellationToken)
            ?? throw new InvalidOperationException($"{path} vanished before the merge");
        string Read(string name) => metadata.TryGetValue(name, out var value) ? value : "";
        double seconds = double.TryParse(Read(SecondsMetadata), CultureInfo.InvariantCulture, out var s) ? s : 0;
        return (content, new TeacherLogitsChunk(first, count, Read(WorkerMetadata), Read(ProviderMetadata), seconds));
    }

    public Task DeleteChunksAsync(string key, int chunkImages, CancellationToken cancellationToken) =>
        store.DeletePrefixAsync(BlobLayout.PseudoLabels, BlobLayout.PseudoLabelChunks(key, chunkImages), cancellationToken);

    public Task DeleteChunkAsync(string key, int chunkImages, int first, CancellationToken cancellationToken) =>
        store.Blob(BlobLayout.PseudoLabelChunk(key, chunkImages, first)).DeleteIfExistsAsync(cancellationToken: cancellationToken);

    private static BlobPath Lease(string key) => new(BlobLayout.PseudoLabels, $"{key}.lease");
}

/// <summary>A pass's chunks so far: the first image of each committed one, and why any cannot be scored.</summary>
public sealed record ChunkState(IReadOnlySet<int> Committed, IReadOnlyList<string> Failures);
