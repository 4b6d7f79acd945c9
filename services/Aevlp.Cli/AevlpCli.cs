using System.CommandLine;
using System.CommandLine.Parsing;
using Aevlp.Cli.Commands;

namespace Aevlp.Cli;

/// <summary>The <c>aevlp</c> command tree and how a command line becomes an exit code (<see cref="ExitCodes"/>).</summary>
public static class AevlpCli
{
    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken ct)
    {
        var root = new RootCommand("aevlp: import datasets, teachers and weights, train and watch runs, and predict with registered models on an AEVLP platform.")
        {
            HelpName = "aevlp",
            Options = { GlobalOptions.Registry, GlobalOptions.ApiKey, GlobalOptions.Json },
            Subcommands =
            {
                TrainCommand.Create(console),
                RunsCommands.Create(console),
                DatasetsCommands.Create(console),
                TeachersCommands.Create(console),
                WeightsCommands.Create(console),
                ModelsCommands.Create(console),
            },
        };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // The errors and the usage go to stderr; stdout stays for results.
            await parse.InvokeAsync(new InvocationConfiguration { Output = console.Error, Error = console.Error }, ct);
            return ExitCodes.Usage;
        }
        return await parse.InvokeAsync(new InvocationConfiguration { Output = console.Out, Error = console.Error }, ct);
    }

    /// <summary>The action of a command: runs <paramref name="body"/> and turns what can go wrong into a message on
    /// stderr and an exit code.</summary>
    public static Func<ParseResult, CancellationToken, Task<int>> Action(CliConsole console, Func<Invocation, Task<int>> body) =>
        async (parse, ct) =>
        {
            using var invocation = new Invocation(parse, console, ct);
            try
            {
                return await body(invocation);
            }
            catch (UsageException e)
            {
                await console.Error.WriteLineAsync($"error: {e.Message}");
                await console.Error.WriteLineAsync($"See '{CommandPath(parse.CommandResult)} --help'.");
                return ExitCodes.Usage;
            }
            catch (RegistryException e)
            {
                await console.Error.WriteLineAsync($"error: {e.Message}");
                return ExitCodes.Failed;
            }
            catch (HttpRequestException e)
            {
                await console.Error.WriteLineAsync($"error: cannot reach the registry at {invocation.Registry.BaseAddress}: {e.Message}");
                return ExitCodes.Failed;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                await console.Error.WriteLineAsync("cancelled");
                return ExitCodes.Failed;
            }
            catch (Exception e) when (e is CommandFailedException or IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException)
            {
                await console.Error.WriteLineAsync($"error: {e.Message}");
                return ExitCodes.Failed;
            }
        };

    /// <summary>E.g. <c>aevlp datasets synth fashion-mosaic</c>: the root is named as help names it, not after the process
    /// (which is testhost in the tests, dotnet under <c>dotnet run</c>).</summary>
    private static string CommandPath(CommandResult command) =>
        command.Parent is CommandResult parent ? $"{CommandPath(parent)} {command.Command.Name}" : "aevlp";
}
