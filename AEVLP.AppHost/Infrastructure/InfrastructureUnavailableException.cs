namespace Aevlp.AppHost.Infrastructure;

/// <summary>The AppHost cannot provide its infrastructure; the message is one line telling the user what
/// to do. Program.cs prints it alone (no stack trace) and exits with code 1.</summary>
public sealed class InfrastructureUnavailableException(string message) : Exception(message);
