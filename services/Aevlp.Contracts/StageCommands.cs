using System.Text.Json.Nodes;

namespace Aevlp.Contracts;

// Commands from the registry to the workers. Each carries everything its worker needs, so workers never
// read the registry's database. Attempt grows when the registry re-dispatches a stalled stage; workers
// echo it back and the registry ignores events of superseded attempts.

/// <summary>Compute (or reuse from cache) the teacher's logits for every view of the train split.</summary>
/// <param name="RelationTopK">Config <c>sparse_topk</c> of the teacher's label-relation refinement; null keeps every relation.</param>
/// <param name="RelationWeight">Config <c>reweight_p</c>; null (a message from before the key existed) is the released 0.2.</param>
public sealed record GeneratePseudoLabels(Guid RunId, int Attempt, string Dataset, string DatasetVersion,
    string Teacher, int GridSize, int Variants, int? RelationTopK = null, double? RelationWeight = null) : IStageCommand;

/// <summary>Score images <paramref name="First"/>.. (<paramref name="Count"/>) of the teacher pass <paramref name="Key"/> that
/// <paramref name="Pass"/> asked for: one chunk of a pass shared by every pseudo-labeler replica. The replica that coordinates the
/// pass decides the chunking, batching and dtype, so every chunk is scored alike whichever replica takes it.</summary>
/// <param name="ChunkImages">The pass's chunk size: it names the folder the chunks are committed to.</param>
/// <param name="BatchSize">Views per ONNX Runtime call (rounded to whole images).</param>
public sealed record ScoreTeacherChunk(string Key, GeneratePseudoLabels Pass, int First, int Count, int ChunkImages, int BatchSize, bool Float16);

/// <summary>Train with the resolved config; resume from the run's latest checkpoint when one exists.</summary>
public sealed record TrainModel(Guid RunId, int Attempt, string Dataset, string DatasetVersion,
    JsonObject Config, string? PseudoLabelKey, string TrackingRunId) : IStageCommand;

/// <summary>Score the test split with the run's exported ONNX model.</summary>
public sealed record EvaluateModel(Guid RunId, int Attempt, string Dataset, string DatasetVersion,
    string ModelBlob, string TrackingRunId) : IStageCommand;

/// <summary>Published (fan-out) when a user cancels a run; whichever worker holds it stops within one batch.</summary>
public sealed record RunCancellationRequested(Guid RunId);
