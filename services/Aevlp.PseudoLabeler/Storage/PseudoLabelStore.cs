using Aevlp.ML.Teachers;
using Aevlp.Storage;

namespace Aevlp.PseudoLabeler.Storage;

/// <summary>
/// Teacher logits under <c>pseudo-labels/{key}/</c>: <c>logits.npy</c>, then <c>pseudo-labels.json</c> as the commit
/// marker. The logits blob streams up in blocks that become visible only when committed, and the manifest is
/// created only if absent, so readers that wait for the manifest never see a half-written set.
/// </summary>
public sealed class PseudoLabelStore(BlobStore store)
{
    public Task<bool> IsCompleteAsync(string key, CancellationToken cancellationToken) =>
        store.ExistsAsync(BlobLayout.PseudoLabel(key, TeacherLogitsManifest.FileName), cancellationToken);

    /// <summary>One worker computes a key at a time; the others wait for its manifest. The key's lease, or null once the key
    /// is complete (<see cref="BlobLease.AcquireUnlessDoneAsync"/>).</summary>
    public Task<BlobLease?> LockUnlessCompleteAsync(string key, Action onWaiting, CancellationToken cancellationToken) =>
        BlobLease.AcquireUnlessDoneAsync(store, new BlobPath(BlobLayout.PseudoLabels, $"{key}.lease"), ct => IsCompleteAsync(key, ct), onWaiting, cancellationToken);

    public async Task CommitAsync(TeacherLogitsManifest manifest, string logitsFile, CancellationToken cancellationToken)
    {
        await store.UploadFileAsync(BlobLayout.PseudoLabel(manifest.Key, TeacherLogitsManifest.LogitsFile), logitsFile, cancellationToken);
        using var json = new MemoryStream(manifest.ToJson());
        await store.TryCreateAsync(BlobLayout.PseudoLabel(manifest.Key, TeacherLogitsManifest.FileName), json, cancellationToken);
    }
}
