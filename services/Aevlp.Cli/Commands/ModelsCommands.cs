using System.CommandLine;
using Aevlp.Cli.Output;
using Aevlp.ML.Inference;
using Aevlp.Registry.Api;

namespace Aevlp.Cli.Commands;

/// <summary><c>aevlp models list | show NAME | predict NAME[@champion|@VERSION] IMAGE…</c>.</summary>
public static class ModelsCommands
{
    public const double Threshold = 0.5;

    public static Command Create(CliConsole console) => new("models", "Registered models") { List(console), ShowVersions(console), Predict(console) };

    private static Command List(CliConsole console)
    {
        var list = new Command("list", "Registered models with their champion version");
        list.SetAction(AevlpCli.Action(console, async invocation =>
        {
            var models = await invocation.Registry.GetAsync<List<ModelSummary>>("/api/models", invocation.Cancellation);
            if (invocation.Json) await Show.JsonAsync(invocation, models);
            else await Show.TableAsync(invocation, ["NAME", "VERSIONS", "CHAMPION", "TEST mAP", "CREATED"],
                [.. models.Select(m => new[] { m.Name, m.Versions.ToString(), m.ChampionVersion?.ToString() ?? "-", Show.Number(m.ChampionTestMap), Show.Time(m.CreatedAt) })]);
            return ExitCodes.Ok;
        }));
        return list;
    }

    private static Command ShowVersions(CliConsole console)
    {
        var name = new Argument<string>("NAME") { Description = "The model's name (the dataset's name)" };
        var show = new Command("show", "A model's versions, newest first") { name };
        show.SetAction(AevlpCli.Action(console, async invocation =>
        {
            var versions = await VersionsAsync(invocation, invocation.Value(name));
            if (invocation.Json) await Show.JsonAsync(invocation, versions);
            else await Show.TableAsync(invocation, ["VERSION", "CHAMPION", "TEST mAP", "RUN", "CREATED"],
                [.. versions.Select(v => new[] { v.Version.ToString(), v.IsChampion ? "yes" : "", Show.Number(v.TestMap), v.RunId.ToString(), Show.Time(v.CreatedAt) })]);
            return ExitCodes.Ok;
        }));
        return show;
    }

    private static Command Predict(CliConsole console)
    {
        var model = new Argument<string>("MODEL") { Description = "NAME (its champion), NAME@champion or NAME@VERSION" };
        var images = new Argument<FileInfo[]>("IMAGE") { Description = "Image files", Arity = ArgumentArity.OneOrMore }.AcceptExistingOnly();
        var predict = new Command("predict", $"Score images with a model version (downloaded once into the local cache); scores ≥ {Threshold} are marked *")
        {
            model, images,
        };
        predict.SetAction(AevlpCli.Action(console, async invocation =>
        {
            var version = await ResolveAsync(invocation, invocation.Value(model));
            var folder = await ModelCache.GetAsync(invocation, version);
            var files = invocation.Value(images).Select(image => image.FullName).ToArray();
            using var classifier = OnnxClassifier.Open(folder);
            var classes = classifier.Manifest.Classes;
            var scores = await Task.Run(() => classifier.Predict(files), invocation.Cancellation);
            var predictions = files.Select((image, i) => new Prediction(image, version.ModelName, version.Version,
                [.. classes.Select((label, c) => new ClassScore(label, scores[i * classes.Count + c], scores[i * classes.Count + c] >= Threshold))
                    .OrderByDescending(s => s.Score)])).ToArray();
            if (invocation.Json)
            {
                await Show.JsonAsync(invocation, predictions);
                return ExitCodes.Ok;
            }
            foreach (var prediction in predictions)
            {
                await invocation.Console.Out.WriteLineAsync($"{prediction.Image}  ({prediction.Model} v{prediction.Version})");
                foreach (var score in prediction.Scores)
                    await invocation.Console.Out.WriteLineAsync($"  {(score.Positive ? "*" : " ")} {score.Score:0.000}  {score.Label}");
            }
            return ExitCodes.Ok;
        }));
        return predict;
    }

    private static Task<List<ModelVersion>> VersionsAsync(Invocation invocation, string name) =>
        invocation.Registry.GetAsync<List<ModelVersion>>($"/api/models/{Uri.EscapeDataString(name)}/versions", invocation.Cancellation);

    private static async Task<ModelVersion> ResolveAsync(Invocation invocation, string reference)
    {
        var at = reference.IndexOf('@');
        var (name, wanted) = at < 0 ? (reference, "champion") : (reference[..at], reference[(at + 1)..]);
        var versions = await VersionsAsync(invocation, name);
        return (wanted == "champion" ? versions.FirstOrDefault(v => v.IsChampion) : versions.FirstOrDefault(v => v.Version.ToString() == wanted))
            ?? throw new CommandFailedException($"model '{name}' has no version '{wanted}'; its versions: "
                + (versions.Count == 0 ? "none" : string.Join(", ", versions.Select(v => v.IsChampion ? $"{v.Version} (champion)" : $"{v.Version}"))));
    }
}

/// <summary>What <c>models predict --json</c> prints for one image: every class's score, highest first.</summary>
public sealed record Prediction(string Image, string Model, int Version, IReadOnlyList<ClassScore> Scores);

/// <param name="Positive">The score is at least <see cref="ModelsCommands.Threshold"/>.</param>
public sealed record ClassScore(string Label, double Score, bool Positive);
