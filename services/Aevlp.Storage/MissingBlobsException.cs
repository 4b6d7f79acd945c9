using Aevlp.Contracts;

namespace Aevlp.Storage;

/// <summary>Blobs a run names (a dataset version, a teacher, a set of weights or teacher logits) are not in blob storage; retrying
/// will not create them.</summary>
public sealed class MissingBlobsException(string message) : InvalidInputException(message);
