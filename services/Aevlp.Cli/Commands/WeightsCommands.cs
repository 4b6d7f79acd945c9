using System.CommandLine;
using System.Globalization;
using Aevlp.Cli.Output;
using Aevlp.Contracts;
using Aevlp.Registry.Api;

namespace Aevlp.Cli.Commands;

/// <summary><c>aevlp weights list | import --arch ARCH FILE [--name NAME]</c>: pretrained backbone weights in the registry.</summary>
public static class WeightsCommands
{
    public static Command Create(CliConsole console) => new("weights", "Pretrained backbone weights (torchvision state dicts)") { List(console), Import(console) };

    private static Command List(CliConsole console)
    {
        var list = new Command("list", "Imported weights, newest first (a run with use_pretrained takes the newest for its arch)");
        list.SetAction(AevlpCli.Action(console, async invocation =>
        {
            var weights = await invocation.Registry.GetAsync<List<WeightsSummary>>("/api/weights", invocation.Cancellation);
            if (invocation.Json) await Show.JsonAsync(invocation, weights);
            else await Show.TableAsync(invocation, ["NAME", "ARCH", "FORMAT", "TENSORS", "MB", "SHA-256", "IMPORTED"],
                [.. weights.Select(w => new[]
                {
                    w.Name, w.Arch, w.Format.ToString(), w.Tensors.ToString(CultureInfo.InvariantCulture), Show.Number(w.Size / 1e6), w.Sha256[..12],
                    Show.Time(w.ImportedAt.UtcDateTime),
                })]);
            return ExitCodes.Ok;
        }));
        return list;
    }

    private static Command Import(CliConsole console)
    {
        var arch = new Option<string>("--arch") { Description = "The architecture the state dict is for: small-cnn, resnet18 or resnet50", Required = true };
        var file = new Argument<FileInfo>("FILE") { Description = "A torchvision state dict: torch.save(model.state_dict(), FILE) or a .safetensors file" }
            .AcceptExistingOnly();
        var name = new Option<string?>("--name") { Description = "The weights' name [default: the file's name without its extension]" };
        var import = new Command("import", "Check a state dict against its architecture (every missing, unexpected or mis-shaped key is listed) and store it")
        {
            arch, file, name,
        };
        import.SetAction(AevlpCli.Action(console, async invocation =>
        {
            var path = invocation.Value(file).FullName;
            var chosen = invocation.Value(name) ?? AssetFiles.NameFrom(Path.GetFileNameWithoutExtension(path));
            if (DatasetNames.AssetNameProblem("weights", chosen) is { } problem) throw new UsageException(problem);
            var sha256 = await AssetFiles.Sha256Async(path, invocation.Cancellation);
            using var content = AssetFiles.Content(path, sha256);
            var query = $"arch={Uri.EscapeDataString(invocation.Value(arch))}&source={Uri.EscapeDataString(Path.GetFileName(path))}";
            var imported = await invocation.Registry.PutAsync<WeightsSummary>($"/api/weights/{chosen}?{query}", content, invocation.Cancellation);
            if (invocation.Json) await Show.JsonAsync(invocation, imported);
            else await invocation.Console.Out.WriteLineAsync(
                $"imported weights {imported.Name} for {imported.Arch}: {imported.Tensors} tensors, {imported.Size} bytes, SHA-256 {imported.Sha256}");
            return ExitCodes.Ok;
        }));
        return import;
    }
}
