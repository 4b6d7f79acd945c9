using Aevlp.Cli.Output;
using Aevlp.Registry.Api;
using Spectre.Console;

namespace Aevlp.Cli.Commands;

/// <summary>Polls GET /api/runs/{id} until the run ends: a live progress bar with ETA on a terminal, a line per
/// change elsewhere; then the run's details. Exit code 0 when it FINISHED, 1 when it FAILED, was KILLED or PRUNED.</summary>
public static class RunWatcher
{
    public static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    public static async Task<int> WatchAsync(Invocation invocation, Guid runId)
    {
        var run = invocation.Console.IsTerminal && !invocation.Json
            ? await LiveAsync(invocation, runId)
            : await PlainAsync(invocation, runId);
        if (invocation.Json) await Show.JsonAsync(invocation, run);
        else foreach (var line in RunText.Details(run)) await invocation.Console.Out.WriteLineAsync(line);
        return run.Run.Status == RunStatus.Finished ? ExitCodes.Ok : ExitCodes.Failed;
    }

    public static Task<RunDetails> GetAsync(Invocation invocation, Guid runId) =>
        invocation.Registry.GetAsync<RunDetails>($"/api/runs/{runId}", invocation.Cancellation);

    private static async Task<RunDetails> PlainAsync(Invocation invocation, Guid runId)
    {
        string? last = null;
        while (true)
        {
            var run = await GetAsync(invocation, runId);
            var status = RunText.Status(run);
            if (status != last && !invocation.Json) await invocation.Console.Out.WriteLineAsync(status);
            last = status;
            if (RunText.IsTerminal(run.Run)) return run;
            await Task.Delay(Poll, invocation.Cancellation);
        }
    }

    private static Task<RunDetails> LiveAsync(Invocation invocation, Guid runId) =>
        invocation.Console.Ansi().Progress()
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var bars = new Dictionary<string, ProgressTask>();
                while (true)
                {
                    var run = await GetAsync(invocation, runId);
                    var stage = run.Run.Stage ?? run.Run.Status.Text();
                    if (!bars.TryGetValue(stage, out var bar))
                    {
                        foreach (var earlier in bars.Values) earlier.Value = earlier.MaxValue;
                        bars[stage] = bar = context.AddTask(stage);
                    }
                    bar.Description = Markup.Escape(RunText.Status(run));
                    if (RunText.Fraction(run) is var (done, total) && total > 0)
                    {
                        bar.MaxValue = total;
                        bar.Value = done;
                    }
                    if (RunText.IsTerminal(run.Run))
                    {
                        if (run.Run.Status == RunStatus.Finished) bar.Value = bar.MaxValue;
                        bar.StopTask();
                        return run;
                    }
                    await Task.Delay(Poll, invocation.Cancellation);
                }
            });
}
