namespace Aevlp.Contracts;

/// <summary>A run's input is wrong in a way no retry can fix: a config value the worker cannot use, a dataset, teacher or
/// weights file that is corrupt, inconsistent or gone. A stage worker ends the run FAILED with the message (which names the
/// file or key and what was expected); any other exception is a fault of the platform and is retried or surfaces as one.</summary>
public class InvalidInputException(string message, Exception? inner = null) : Exception(message, inner);
