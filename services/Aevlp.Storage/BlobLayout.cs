namespace Aevlp.Storage;

/// <summary>Where everything lives in blob storage (docs/design.md "Blob layout"). One container per kind
/// of thing, all private; names inside follow the design's paths.</summary>
public static class BlobLayout
{
    public const string Datasets = "datasets";
    public const string Teachers = "teachers";
    public const string PseudoLabels = "pseudo-labels";
    public const string Runs = "runs";
    public const string Weights = "weights";

    /// <summary>The file that makes imported weights exist, written last: what they are and which file holds them.</summary>
    public const string WeightsDescriptor = "weights.json";

    public static IReadOnlyList<string> Containers { get; } = [Datasets, Teachers, PseudoLabels, Runs, Weights];

    /// <summary><c>datasets/{name}/{version}/{file}</c>.</summary>
    public static BlobPath Dataset(string name, string version, string file) => new(Datasets, $"{name}/{version}/{file}");

    /// <summary><c>teachers/{name}/{file}</c>.</summary>
    public static BlobPath Teacher(string name, string file) => new(Teachers, $"{name}/{file}");

    /// <summary><c>weights/{name}/{file}</c>: the state dict and <see cref="WeightsDescriptor"/>.</summary>
    public static BlobPath PretrainedWeights(string name, string file) => new(Weights, $"{name}/{file}");

    /// <summary>A lock held while an asset (<c>teachers</c>, <c>weights</c>) of this name is imported; beside its folder, not in it.</summary>
    public static BlobPath ImportLock(string container, string name) => new(container, $"{name}.import.lease");

    /// <summary><c>pseudo-labels/{key}/{file}</c>.</summary>
    public static BlobPath PseudoLabel(string key, string file) => new(PseudoLabels, $"{key}/{file}");

    /// <summary><c>pseudo-labels/{key}/chunks-{chunking}/</c>: the committed chunks of a pass, deleted once <c>logits.npy</c> is
    /// written. <paramref name="chunking"/> names the chunk size, batch and dtype the coordinator chose, so that coordinators
    /// configured differently never mix their chunks.</summary>
    public static string PseudoLabelChunks(string key, string chunking) => $"{PseudoLabelChunkFolders(key)}{chunking}/";

    /// <summary>The prefix of every chunk folder of a key, whatever its chunking.</summary>
    public static string PseudoLabelChunkFolders(string key) => $"{key}/chunks-";

    /// <summary><c>pseudo-labels/{key}/chunks-{chunking}/{first}.{npy|failed|fault}</c> (first image, 9 digits, so names sort in
    /// image order).</summary>
    public static BlobPath PseudoLabelChunk(string key, string chunking, int first, ChunkFile file = ChunkFile.Logits) =>
        new(PseudoLabels, $"{PseudoLabelChunks(key, chunking)}{first:D9}.{file switch
        {
            ChunkFile.Logits => "npy",
            ChunkFile.Failed => "failed",
            _ => "fault",
        }}");

    /// <summary><c>runs/{runId}/{file}</c>, the run id as 32 hex digits (<see cref="RunFolder"/>).</summary>
    public static BlobPath Run(Guid runId, string file) => new(Runs, $"{RunFolder(runId)}/{file}");

    /// <summary>A run's folder in the <c>runs</c> container: its id as 32 hex digits, the one spelling every blob name and link uses.</summary>
    public static string RunFolder(Guid runId) => runId.ToString("N");

    /// <summary><c>runs/{runId}/{stage}.lease</c>: the worker that holds it owns the run's stage.</summary>
    public static BlobPath StageLease(Guid runId, Aevlp.Contracts.Stage stage) => Run(runId, $"{stage.ToString().ToLowerInvariant()}.lease");
}

/// <summary>The blobs of one chunk of a teacher pass: its logits once committed; why its input cannot be scored (the run
/// fails); or why scoring it failed past its retries (the coordinator sends it again).</summary>
public enum ChunkFile
{
    Logits,
    Failed,
    Fault,
}

/// <summary>A blob's container and name. <see cref="ToString"/> gives the <c>container/name</c> form used in
/// messages and logs.</summary>
public readonly record struct BlobPath(string Container, string Name)
{
    public override string ToString() => $"{Container}/{Name}";

    /// <summary>Parses <c>container/name</c>, as messages carry it.</summary>
    public static BlobPath Parse(string path)
    {
        var slash = path.IndexOf('/');
        if (slash <= 0 || slash == path.Length - 1)
        {
            throw new ArgumentException($"Blob path '{path}' is not of the form container/name.", nameof(path));
        }
        return new BlobPath(path[..slash], path[(slash + 1)..]);
    }
}
