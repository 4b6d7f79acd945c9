using System.CommandLine;

namespace Aevlp.Cli;

/// <summary>One command being carried out: its parsed command line, where it writes, its registry client and
/// the cancellation of the whole process (Ctrl+C).</summary>
public sealed class Invocation(ParseResult parse, CliConsole console, CancellationToken cancellation) : IDisposable
{
    private RegistryClient? registry;

    public ParseResult Parse { get; } = parse;

    public CliConsole Console { get; } = console;

    public CancellationToken Cancellation { get; } = cancellation;

    public bool Json => Parse.GetValue(GlobalOptions.Json);

    public RegistryClient Registry => registry ??= new RegistryClient(new Uri(Parse.GetValue(GlobalOptions.Registry)!), GlobalOptions.ApiKeyOf(Parse));

    public T Value<T>(Option<T> option) => Parse.GetValue(option)!;

    public T Value<T>(Argument<T> argument) => Parse.GetValue(argument)!;

    public void Dispose() => registry?.Dispose();
}
