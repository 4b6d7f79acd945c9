namespace Aevlp.PseudoLabeler.Storage;

/// <summary>A dataset version or teacher the request names is not in blob storage; retrying will not create it.</summary>
public sealed class MissingInputException(string message) : Exception(message);
