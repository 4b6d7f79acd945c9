namespace Aevlp.Cli;

/// <summary>A command line that parses but cannot be acted on (e.g. no dataset named anywhere): exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
