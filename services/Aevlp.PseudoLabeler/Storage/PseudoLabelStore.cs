using System.Globalization;
using System.Text;
using Aevlp.ML.Teachers;
using Aevlp.Storage;

namespace Aevlp.PseudoLabeler.Storage;

/// <summary>
/// Teacher logits under <c>pseudo-labels/{key}/</c>: <c>logits.npy</c>, then <c>pseudo-labels.json</c> as the commit
/// marker. The logits blob streams up in blocks that become visible only when committed, and the manifest is
/// created only if absent, so readers that wait for the manifest never see a half-written set. While a pass runs, its
/// chunks are committed under <c>chunks-{chunking}/</c>, each created only if absent, so a chunk is committed once.
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

    /// <summary>Writes logits.npy, then the manifest that makes the key complete, then drops every chunk of the key.</summary>
    public async Task CommitAsync(TeacherLogitsManifest manifest, string logitsFile, CancellationToken cancellationToken)
    {
        await store.UploadFileAsync(BlobLayout.PseudoLabel(manifest.Key, TeacherLogitsManifest.LogitsFile), logitsFile, cancellationToken);
        using var json = new MemoryStream(manifest.ToJson());
        await store.TryCreateAsync(BlobLayout.PseudoLabel(manifest.Key, TeacherLogitsManifest.FileName), json, cancellationToken);
        await DeleteAllChunksAsync(manifest.Key, cancellationToken);
    }

    /// <summary>Chunks left of a complete key (its coordinator died between the manifest and the clean-up), or of any chunking.</summary>
    public Task DeleteAllChunksAsync(string key, CancellationToken cancellationToken) =>
        store.DeletePrefixAsync(BlobLayout.PseudoLabels, BlobLayout.PseudoLabelChunkFolders(key), cancellationToken);

    /// <summary>The first image of every chunk committed so far, and the chunks that failed.</summary>
    public async Task<ChunkState> ChunkStateAsync(PassChunks pass, CancellationToken cancellationToken)
    {
        var committed = new HashSet<int>();
        var failures = new List<ChunkFailure>();
        foreach (var name in await store.ListAsync(BlobLayout.PseudoLabels, pass.Folder, cancellationToken))
        {
            var file = Path.GetFileName(name);
            int first = int.Parse(Path.GetFileNameWithoutExtension(file), CultureInfo.InvariantCulture);
            var kind = Path.GetExtension(file) switch { ".npy" => ChunkFile.Logits, ".failed" => ChunkFile.Failed, _ => ChunkFile.Fault };
            if (kind == ChunkFile.Logits) committed.Add(first);
            else if (await store.TryDownloadAsync(pass.Blob(first, kind), cancellationToken) is { } reason)
                failures.Add(new ChunkFailure(first, kind, reason.ToString()));
        }
        return new ChunkState(committed, failures);
    }

    public Task<bool> IsChunkCommittedAsync(PassChunks pass, int first, CancellationToken cancellationToken) =>
        store.ExistsAsync(pass.Blob(first), cancellationToken);

    /// <summary>Commits a chunk's .npy with who scored it; false when a duplicate delivery committed it first.</summary>
    public Task<bool> TryCommitChunkAsync(PassChunks pass, Stream npy, TeacherLogitsChunk chunk, CancellationToken cancellationToken) =>
        store.TryCreateAsync(pass.Blob(chunk.First), npy, cancellationToken, new Dictionary<string, string>
        {
            [WorkerMetadata] = chunk.Worker,
            [ProviderMetadata] = chunk.ExecutionProvider,
            [SecondsMetadata] = chunk.Seconds.ToString("R", CultureInfo.InvariantCulture),
        });

    /// <summary>Records why a chunk failed, as <see cref="ChunkFile.Failed"/> (its input: the run fails) or
    /// <see cref="ChunkFile.Fault"/> (retries spent: the coordinator sends it again).</summary>
    public async Task RecordChunkFailureAsync(PassChunks pass, int first, ChunkFile kind, string reason, CancellationToken cancellationToken)
    {
        using var text = new MemoryStream(Encoding.UTF8.GetBytes(reason));
        await store.TryCreateAsync(pass.Blob(first, kind), text, cancellationToken);
    }

    /// <summary>A committed chunk's .npy and who scored it.</summary>
    public async Task<(Stream Npy, TeacherLogitsChunk Chunk)> OpenChunkAsync(PassChunks pass, int first, int count, CancellationToken cancellationToken)
    {
        var path = pass.Blob(first);
        var (content, metadata) = await store.TryOpenReadAsync(path, cancellationToken)
            ?? throw new InvalidOperationException($"{path} vanished before the merge");
        string Read(string name) => metadata.TryGetValue(name, out var value) ? value : "";
        double seconds = double.TryParse(Read(SecondsMetadata), CultureInfo.InvariantCulture, out var s) ? s : 0;
        return (content, new TeacherLogitsChunk(first, count, Read(WorkerMetadata), Read(ProviderMetadata), seconds));
    }

    public Task DeleteChunksAsync(PassChunks pass, CancellationToken cancellationToken) =>
        store.DeletePrefixAsync(BlobLayout.PseudoLabels, pass.Folder, cancellationToken);

    public async Task DeleteAsync(PassChunks pass, int first, ChunkFile kind, CancellationToken cancellationToken) =>
        await store.Blob(pass.Blob(first, kind)).DeleteIfExistsAsync(cancellationToken: cancellationToken);

    private static BlobPath Lease(string key) => new(BlobLayout.PseudoLabels, $"{key}.lease");
}

/// <summary>Where one pass's chunks live: the key, and the coordinator's chunk size, batch and dtype, which decide a chunk's
/// bytes besides the key and so name its folder (<c>chunks-{images}x{batch}-{f2|f4}</c>).</summary>
public sealed record PassChunks(string Key, int ChunkImages, int BatchSize, bool Float16)
{
    public string Chunking => string.Create(CultureInfo.InvariantCulture, $"{ChunkImages}x{BatchSize}-{(Float16 ? "f2" : "f4")}");

    public string Folder => BlobLayout.PseudoLabelChunks(Key, Chunking);

    public BlobPath Blob(int first, ChunkFile file = ChunkFile.Logits) => BlobLayout.PseudoLabelChunk(Key, Chunking, first, file);
}

/// <summary>A pass's chunks so far: the first image of each committed one, and the failed ones.</summary>
public sealed record ChunkState(IReadOnlySet<int> Committed, IReadOnlyList<ChunkFailure> Failures);

public sealed record ChunkFailure(int First, ChunkFile Kind, string Reason);
