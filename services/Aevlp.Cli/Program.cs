using Aevlp.Cli;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
return await AevlpCli.RunAsync(args, CliConsole.OfProcess(), cancel.Token);
