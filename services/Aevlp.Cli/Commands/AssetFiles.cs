using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Aevlp.Contracts;

namespace Aevlp.Cli.Commands;

/// <summary>What the asset imports share: a file's SHA-256, sent with it so the registry stores only what arrived whole, and
/// a default asset name made from a file or folder name.</summary>
public static partial class AssetFiles
{
    public static async Task<string> Sha256Async(string file, CancellationToken ct)
    {
        await using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
    }

    /// <summary>The file content, streamed, with its hash in the header the registry checks.</summary>
    public static StreamContent Content(string file, string sha256)
    {
        var content = new StreamContent(File.OpenRead(file));
        content.Headers.Add(DatasetNames.Sha256Header, sha256);
        return content;
    }

    /// <summary>"ResNet50_Weights.IMAGENET1K_V1" → "resnet50_weights.imagenet1k_v1": lower case, other characters as '-'.</summary>
    public static string NameFrom(string text) => Invalid().Replace(text.ToLowerInvariant(), "-").Trim('-', '.', '_');

    [GeneratedRegex("[^a-z0-9._-]+")]
    private static partial Regex Invalid();
}
