using System.Text.Json.Nodes;
using Aevlp.Configuration;
using Aevlp.ML.Data;

namespace Aevlp.Benchmarks;

/// <summary>A config file resolved as the registry resolves it (the schema's defaults, then the file), so benchmarks train with
/// exactly what a platform run of that config would.</summary>
public static class DemoConfig
{
    public const string File = "configs/fashion-mosaic.json";

    /// <summary><paramref name="path"/>, or configs/fashion-mosaic.json found by walking up from the build output.</summary>
    public static RunConfig Load(string? path = null)
    {
        var file = path ?? Find();
        var values = JsonNode.Parse(System.IO.File.ReadAllText(file))!.AsObject();
        var resolution = RunConfigResolver.Resolve(new DatasetFacts("fashion-mosaic", Found: true, FashionMnist.ClassNames.Count),
            ConfigLayer.File(file, values));
        return resolution.Run ?? throw new InvalidDataException($"{file}: {string.Join("; ", resolution.Problems)}");
    }

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var file = Path.Combine(directory.FullName, File);
            if (System.IO.File.Exists(file)) return file;
        }
        throw new FileNotFoundException($"{File} not found above {AppContext.BaseDirectory}");
    }
}
