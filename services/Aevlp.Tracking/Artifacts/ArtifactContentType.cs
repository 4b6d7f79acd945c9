namespace Aevlp.Tracking.Artifacts;

/// <summary>The content type an artifact is served with: PNG and JPEG pictures as what they are, so the run page can show
/// them inline; everything else as bytes to download (never HTML, SVG or script, which would run in the tracker's origin).</summary>
public static class ArtifactContentType
{
    public const string Bytes = "application/octet-stream";

    public static string Of(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".png" => "image/png",
        ".jpg" or ".jpeg" => "image/jpeg",
        _ => Bytes,
    };

    public static bool IsImage(string path) => Of(path) != Bytes;
}
