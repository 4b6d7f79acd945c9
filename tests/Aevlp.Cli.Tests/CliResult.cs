namespace Aevlp.Cli.Tests;

/// <summary>What one in-process <c>aevlp</c> invocation printed and exited with.</summary>
public sealed record CliResult(int ExitCode, string Out, string Error)
{
    public static async Task<CliResult> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await AevlpCli.RunAsync(args, new CliConsole(output, error, IsTerminal: false), CancellationToken.None);
        return new CliResult(exit, output.ToString(), error.ToString());
    }

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}
