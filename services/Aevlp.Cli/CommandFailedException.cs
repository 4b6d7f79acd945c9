namespace Aevlp.Cli;

/// <summary>A command line that is valid but names something that does not exist (e.g. a model version): exit code 1,
/// because the usage is not what is wrong.</summary>
public sealed class CommandFailedException(string message) : Exception(message);
