using Aevlp.ML.Onnx;
using Aevlp.Registry.Api;

namespace Aevlp.Cli.Commands;

/// <summary>Model versions downloaded for prediction, kept under <c>$AEVLP_CACHE_DIR</c> (default
/// <c>~/.cache/aevlp</c>) as <c>models/{name}/{version}-{runId}/</c>. A folder is filled beside its final name and
/// renamed into place, so one that exists is whole.</summary>
public static class ModelCache
{
    public static string Root => Environment.GetEnvironmentVariable("AEVLP_CACHE_DIR") is { Length: > 0 } dir ? dir
        : Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } cache ? cache
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "aevlp");

    /// <summary>The local folder with model.onnx and model.json of <paramref name="version"/>, downloaded if needed.</summary>
    public static async Task<string> GetAsync(Invocation invocation, ModelVersion version)
    {
        var folder = Path.Combine(Root, "models", version.ModelName, $"{version.Version}-{version.RunId:N}");
        if (Directory.Exists(folder)) return folder;
        var partial = Directory.CreateDirectory($"{folder}.partial-{Guid.NewGuid():N}").FullName;
        try
        {
            foreach (var file in new[] { ModelManifest.OnnxFileName, ModelManifest.FileName })
            {
                await invocation.Registry.DownloadAsync($"/api/models/{version.ModelName}/versions/{version.Version}/files/{file}",
                    Path.Combine(partial, file), invocation.Cancellation);
            }
            Directory.Move(partial, folder);
        }
        catch (IOException) when (Directory.Exists(folder))
        {
            // Another aevlp process finished the same version first.
        }
        finally
        {
            if (Directory.Exists(partial)) Directory.Delete(partial, recursive: true);
        }
        return folder;
    }
}
