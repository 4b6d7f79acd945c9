using System.CommandLine;
using Aevlp.Cli.Output;
using Aevlp.Contracts;
using Aevlp.ML.Data;
using Aevlp.Registry.Api;

namespace Aevlp.Cli.Commands;

/// <summary><c>aevlp datasets list | import | synth fashion-mosaic</c>.</summary>
public static class DatasetsCommands
{
    public static Command Create(CliConsole console) => new("datasets", "Datasets in the platform's storage") { List(console), Import(console), Synth(console) };

    private static Command List(CliConsole console)
    {
        var list = new Command("list", "Datasets and their versions (an incomplete version is an import in progress or interrupted)");
        list.SetAction(AevlpCli.Action(console, async invocation =>
        {
            var datasets = await invocation.Registry.GetAsync<List<DatasetSummary>>("/api/datasets", invocation.Cancellation);
            if (invocation.Json) await Show.JsonAsync(invocation, datasets);
            else await Show.TableAsync(invocation, ["NAME", "VERSION", "COMPLETE", "CLASSES", "COUNTS"],
                [.. datasets.SelectMany(d => d.Versions.Select(v => new[]
                {
                    d.Name, v.Version, v.Complete ? "yes" : "no", v.Classes?.ToString() ?? "-", v.Counts?.ToJsonString() ?? "-",
                }))]);
            return ExitCodes.Ok;
        }));
        return list;
    }

    private static Command Import(CliConsole console)
    {
        var format = new Option<string>("--format") { Description = "The folder's format", DefaultValueFactory = _ => "spml" }.AcceptOnlyFromAmong("spml");
        var path = new Option<DirectoryInfo>("--path") { Description = "The folder with the formatted_{train,val}_*.npy files", Required = true }.AcceptExistingOnly();
        var images = new Option<DirectoryInfo>("--images") { Description = "The folder the image paths are relative to", Required = true }.AcceptExistingOnly();
        var name = new Option<string>("--name") { Description = "The dataset's name (a new version of it is created)", Required = true };
        var classes = new Option<FileInfo>("--classes") { Description = "Class names, one per line [default: class-0, class-1, …]" }.AcceptExistingOnly();
        var import = new Command("import", "Validate an SPML folder and upload it as a new dataset version (nothing is uploaded when it has problems)")
        {
            format, path, images, name, classes,
        };
        import.SetAction(AevlpCli.Action(console, async invocation =>
        {
            DatasetUpload upload;
            try
            {
                upload = await Task.Run(() => SpmlImport.Prepare(invocation.Value(name), invocation.Value(path).FullName, invocation.Value(images).FullName,
                    invocation.Parse.GetValue(classes)), invocation.Cancellation);
            }
            catch (DatasetValidationException e)
            {
                await console.Error.WriteLineAsync($"error: the dataset has {e.Problems.Count} problem(s); nothing was uploaded:");
                foreach (var problem in e.Problems) await console.Error.WriteLineAsync($"  {problem}");
                return ExitCodes.Failed;
            }
            return await upload.UploadAsync(invocation);
        }));
        return import;
    }

    private static Command Synth(CliConsole console)
    {
        var defaults = new FashionMosaicOptions();
        var train = new Option<int>("--train") { Description = "Train mosaics", DefaultValueFactory = _ => defaults.TrainCount };
        var test = new Option<int>("--test") { Description = "Test mosaics", DefaultValueFactory = _ => defaults.TestCount };
        var seed = new Option<int>("--seed") { Description = "Drives every random choice", DefaultValueFactory = _ => defaults.Seed };
        var name = new Option<string>("--name") { Description = "The dataset's name", DefaultValueFactory = _ => FashionMosaicGenerator.Name };
        var canvas = new Option<int>("--canvas") { Description = "Side of the square images, in pixels", DefaultValueFactory = _ => defaults.CanvasSize };
        var grid = new Option<int>("--grid") { Description = "Cells per side, one garment at most per cell (2 to 4)", DefaultValueFactory = _ => defaults.Grid };
        var minItems = new Option<int>("--min-items") { Description = "Fewest garments per image", DefaultValueFactory = _ => defaults.MinItems };
        var maxItems = new Option<int>("--max-items") { Description = "Most garments per image (at most grid²)", DefaultValueFactory = _ => defaults.MaxItems };
        var minScale = new Option<double>("--min-scale") { Description = "Smallest garment side as a share of 28 pixels (0.25 to 1)", DefaultValueFactory = _ => defaults.MinScale };
        var occlusion = new Option<double>("--occlusion") { Description = "How far a garment may reach over its cell, as a share of its side; a later one covers it (0 to 0.5)", DefaultValueFactory = _ => defaults.Occlusion };
        var mosaic = new Command(FashionMosaicGenerator.Name, "Generate the Fashion-MNIST mosaic demo dataset, or a harder variant (needs the Debian package dataset-fashion-mnist), and import it")
        {
            train, test, seed, name, canvas, grid, minItems, maxItems, minScale, occlusion,
        };
        mosaic.SetAction(AevlpCli.Action(console, async invocation =>
        {
            if (DatasetNames.NameProblem(invocation.Value(name)) is { } problem) throw new UsageException(problem);
            var options = defaults with
            {
                TrainCount = invocation.Value(train), TestCount = invocation.Value(test), Seed = invocation.Value(seed),
                CanvasSize = invocation.Value(canvas), Grid = invocation.Value(grid), MinItems = invocation.Value(minItems),
                MaxItems = invocation.Value(maxItems), MinScale = invocation.Value(minScale), Occlusion = invocation.Value(occlusion),
            };
            if (FashionMosaicGenerator.Problem(options) is { } invalid) throw new UsageException(invalid);
            var folder = Directory.CreateTempSubdirectory("aevlp-synth-").FullName;
            try
            {
                var generated = await Task.Run(() => FashionMosaicGenerator.Generate(options, Path.Combine(folder, "dataset"), invocation.Cancellation),
                    invocation.Cancellation);
                var files = generated.Sha256.Keys.ToDictionary(file => file, file => Path.Combine(folder, "dataset", file));
                return await new DatasetUpload(files, generated with { Name = invocation.Value(name) }).UploadAsync(invocation);
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }));
        return new Command("synth", "Generate a synthetic dataset and import it") { mosaic };
    }
}
