using System.CommandLine;
using Aevlp.Cli.Output;
using Aevlp.Registry.Api;

namespace Aevlp.Cli.Commands;

/// <summary><c>aevlp runs list | show ID | watch ID | cancel ID</c>.</summary>
public static class RunsCommands
{
    private static Argument<Guid> RunId() => new("ID") { Description = "The run's id (as train and runs list print it)" };

    public static Command Create(CliConsole console)
    {
        var pageSize = new Option<int>("--limit") { Description = "How many runs, newest first", DefaultValueFactory = _ => 20 };
        var list = new Command("list", "Runs, newest first") { pageSize };
        list.SetAction(AevlpCli.Action(console, async invocation =>
        {
            var page = await invocation.Registry.GetAsync<PaginatedItems<RunSummary>>($"/api/runs?pageSize={invocation.Value(pageSize)}",
                invocation.Cancellation);
            if (invocation.Json) await Show.JsonAsync(invocation, page);
            else await Show.TableAsync(invocation, ["ID", "NAME", "DATASET", "STATUS", "STAGE", "CREATED"],
                [.. page.Data.Select(run => new[] { run.Id.ToString(), run.Name ?? "", $"{run.Dataset}@{run.DatasetVersion}", run.Status.Text(), run.Stage ?? "",
                    Show.Time(run.CreatedAt) })]);
            return ExitCodes.Ok;
        }));

        var showId = RunId();
        var show = new Command("show", "A run: status, progress, test metrics, error and links; a sweep's or search's trials as a leaderboard") { showId };
        show.SetAction(AevlpCli.Action(console, async invocation =>
        {
            var run = await RunWatcher.GetAsync(invocation, invocation.Value(showId));
            if (invocation.Json) await Show.JsonAsync(invocation, run);
            else
            {
                foreach (var line in RunText.Details(run, childLines: run.Search is null)) await invocation.Console.Out.WriteLineAsync(line);
                if (run.Search is { } search)
                {
                    var (headers, rows) = RunText.Leaderboard(search);
                    await Show.TableAsync(invocation, headers, rows);
                }
            }
            return ExitCodes.Ok;
        }));

        var watchId = RunId();
        var watch = new Command("watch", "Follow a run until it ends; exit code 1 when it FAILED, was KILLED or PRUNED") { watchId };
        watch.SetAction(AevlpCli.Action(console, invocation => RunWatcher.WatchAsync(invocation, invocation.Value(watchId))));

        var cancelId = RunId();
        var cancel = new Command("cancel", "Cancel a run (a sweep or search cancels its trials)") { cancelId };
        cancel.SetAction(AevlpCli.Action(console, async invocation =>
        {
            var cancelled = await invocation.Registry.PostAsync<RunCancelled>($"/api/runs/{invocation.Value(cancelId)}/cancel", null, invocation.Cancellation);
            if (invocation.Json) await Show.JsonAsync(invocation, cancelled);
            else await invocation.Console.Out.WriteLineAsync($"run {cancelled.RunId} is {cancelled.Status.Text()}");
            return ExitCodes.Ok;
        }));

        return new Command("runs", "Training runs") { list, show, watch, cancel };
    }
}
