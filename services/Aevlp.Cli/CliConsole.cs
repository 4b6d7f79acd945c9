using Spectre.Console;

namespace Aevlp.Cli;

/// <summary>Where a command writes. On a terminal it may draw tables and live progress; otherwise (a pipe, a
/// file, a test) it writes plain text only: no ANSI codes, no live bars.</summary>
public sealed record CliConsole(TextWriter Out, TextWriter Error, bool IsTerminal)
{
    public static CliConsole OfProcess() => new(Console.Out, Console.Error, !Console.IsOutputRedirected);

    public IAnsiConsole Ansi() => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(Out),
        Ansi = IsTerminal ? AnsiSupport.Detect : AnsiSupport.No,
        ColorSystem = IsTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        Interactive = IsTerminal ? InteractionSupport.Detect : InteractionSupport.No,
    });
}
