using Aevlp.Contracts;
using Aevlp.Storage;

namespace Aevlp.Trainer.Training;

/// <summary><c>runs/{runId}/trained-{attempt}.json</c>: the ModelTrained answer of a finished attempt, so a late
/// redelivery of the same TrainModel is answered from it instead of training again.</summary>
public sealed class TrainedMarker(BlobStore store, Guid runId, int attempt)
{
    private BlobPath Path => BlobLayout.Run(runId, $"trained-{attempt}.json");

    public async Task<ModelTrained?> ReadAsync(CancellationToken cancellationToken) =>
        await store.TryDownloadAsync(Path, cancellationToken) is { } json ? json.ToObjectFromJson<ModelTrained>() : null;

    public async Task WriteAsync(ModelTrained trained, CancellationToken cancellationToken) =>
        await store.UploadAsync(Path, BinaryData.FromObjectAsJson(trained).ToStream(), cancellationToken);
}
