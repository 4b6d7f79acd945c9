using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aevlp.Contracts;
using Aevlp.Registry.Api;

namespace Aevlp.Cli.Output;

/// <summary>A run in words: one status line for progress, and the full account <c>runs show</c> prints.</summary>
public static class RunText
{
    public static bool IsTerminal(RunSummary run) => run.Status.IsTerminal();

    /// <summary>E.g. <c>RUNNING Training · epoch 2/3 · batch 40/120 · loss 0.213 · val mAP 71.20 · PL F1 64.00</c>.</summary>
    public static string Status(RunDetails run)
    {
        var parts = new List<string> { run.Run.Stage is { } stage ? $"{run.Run.Status.Text()} {stage}" : run.Run.Status.Text() };
        if (run.Run.Stage is { } current && run.Progress?[current] is JsonObject progress)
        {
            if (progress["epoch"] is not null)
            {
                parts.Add($"epoch {progress["epoch"]}/{progress["epochs"]}");
                parts.Add($"batch {progress["batch"]}/{progress["batches"]}");
                parts.Add($"loss {Show.Number((double?)progress["loss"])}");
                if (progress["lastEpoch"]?.Deserialize<EpochSummary>(JsonSerializerOptions.Web) is { } epoch)
                {
                    parts.Add($"val mAP {Show.Number(epoch.ValMap)}");
                    if (epoch.PseudoLabelF1 is { } f1) parts.Add($"PL F1 {Show.Number(f1)}");
                }
            }
            else if (progress["done"] is not null)
            {
                parts.Add($"{progress["done"]}/{progress["total"]} {progress["unit"]}");
            }
        }
        return string.Join(" · ", parts);
    }

    /// <summary>(done, total) of the current stage, counting batches over all epochs while training.</summary>
    public static (double Done, double Total)? Fraction(RunDetails run)
    {
        if (run.Run.Stage is not { } stage || run.Progress?[stage] is not JsonObject progress) return null;
        if (progress["epoch"] is not null)
        {
            var (epoch, epochs, batch, batches) = ((int)progress["epoch"]!, (int)progress["epochs"]!, (int)progress["batch"]!, (int)progress["batches"]!);
            return ((epoch - 1.0) * batches + batch, (double)epochs * batches);
        }
        return progress["done"] is null ? null : ((double)progress["done"]!, (double)progress["total"]!);
    }

    /// <param name="childLines">A line per child run; <c>runs show</c> prints a sweep's or search's leaderboard instead.</param>
    public static IEnumerable<string> Details(RunDetails run, bool childLines = true)
    {
        var summary = run.Run;
        yield return $"run       {summary.Id}{(summary.Name is null ? "" : $"  ({summary.Name})")}";
        yield return $"dataset   {summary.Dataset}@{summary.DatasetVersion}";
        yield return $"status    {Status(run)}{(summary.Attempt > 1 ? $" (attempt {summary.Attempt})" : "")}";
        yield return $"created   {Show.Time(summary.CreatedAt)}   finished {Show.Time(summary.FinishedAt)}";
        if (run.Error is { } error) yield return $"error     {error.Stage}: {error.Reason}";
        if (run.TestMetrics is JsonObject metrics)
            yield return "test      " + string.Join("  ", metrics.Select(m => $"{m.Key} {Show.Number(Number(m.Value))}"));
        if (run.Pruned?["reason"] is { } pruned) yield return $"pruned    {pruned}";
        if (run.Search is { } search)
        {
            if (search.Settings is { } settings) yield return $"search    {settings.ToJsonString()}";
            if (search.BestTrialId is { } best) yield return $"best      {best}  {search.Metric} {Show.Number(search.BestMetric)}";
        }
        if (childLines) foreach (var child in run.Children) yield return $"child     {child.Id}  {child.Status.Text()}  {child.Stage}";
        var links = run.Links;
        if (links.TrackingRunId is { } tracking) yield return $"tracker   {links.TrackerRunUrl ?? $"run {tracking}"}";
        yield return $"artifacts {links.Artifacts}";
        if (links.Model is { } model) yield return $"model     {model}";
        if (links.ModelCard is { } card) yield return $"card      {card}";
        if (links.Predictions is { } predictions) yield return $"preds     {predictions}";
        if (links.PseudoLabels is { } pseudoLabels) yield return $"labels    {pseudoLabels}";
    }

    /// <summary>The trials of a sweep or search, best first: what <c>runs show PARENT</c> prints under the run.</summary>
    public static (string[] Headers, IReadOnlyList<string[]> Rows) Leaderboard(SearchResults search)
    {
        var keys = search.Trials.FirstOrDefault()?.Values.AsObject().Select(entry => entry.Key).ToList() ?? [];
        string[] headers = ["RANK", "TRIAL", "STATUS", search.Metric.ToUpperInvariant(), "EPOCHS", .. keys.Select(key => key.ToUpperInvariant()), "NOTE"];
        var rows = search.Trials.Select((trial, rank) => (string[])[
            trial.Metric is null ? "-" : $"{rank + 1}", trial.Id.ToString(), trial.Status.Text(), Show.Number(trial.Metric), $"{trial.Epochs}",
            .. keys.Select(key => trial.Values[key]?.ToJsonString() ?? "-"),
            trial.Id == search.BestTrialId ? "best" : trial.Pruned?["rung"] is JsonValue rung ? $"pruned at rung {rung} (epoch {trial.Pruned["epoch"]})"
                : trial.Pruned is not null ? $"pruned at epoch {trial.Pruned["epoch"]}" : ""]).ToList();
        return (headers, rows);
    }

    private static double? Number(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<double>(out var number) ? number
        : double.TryParse(node?.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
}
