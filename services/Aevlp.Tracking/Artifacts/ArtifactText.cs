using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Aevlp.Tracking.Artifacts;

/// <summary>Artifacts the run page shows as text (JSON pretty-printed), HTML-encoded inside a &lt;pre&gt;, never rendered:
/// the file stays served as bytes to download (<see cref="ArtifactContentType"/>).</summary>
public static class ArtifactText
{
    public const int MaxBytes = 1 << 20;

    private static readonly HashSet<string> Extensions = [".json", ".txt", ".yaml", ".yml", ".csv", ".tsv", ".md", ".log", ".ini", ".cfg"];

    // Files MLflow itself writes without an extension.
    private static readonly HashSet<string> Names = ["MLmodel", "requirements.txt", "conda.yaml", "python_env.yaml"];

    public static bool IsText(string path) =>
        Extensions.Contains(Path.GetExtension(path).ToLowerInvariant()) || Names.Contains(path.Split('/')[^1]);

    /// <summary>The file's text, JSON indented; null when it is over <see cref="MaxBytes"/> or not UTF-8.</summary>
    public static async Task<string?> ReadAsync(Stream content, string path, CancellationToken ct)
    {
        var buffer = new byte[MaxBytes + 1];
        var read = await content.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct);
        if (read > MaxBytes) return null;
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer, 0, read);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
        return Path.GetExtension(path).Equals(".json", StringComparison.OrdinalIgnoreCase) ? Indented(text) : text;
    }

    // Characters are written as they are (a class named "<b>dog</b>" stays readable): the page HTML-encodes the text.
    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Indented(string json)
    {
        try
        {
            return JsonNode.Parse(json)?.ToJsonString(Pretty) ?? json;
        }
        catch (JsonException)
        {
            return json;
        }
    }
}
