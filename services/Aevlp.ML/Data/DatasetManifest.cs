using System.Security.Cryptography;
using System.Text.Json;

namespace Aevlp.ML.Data;

/// <summary>
/// <c>manifest.json</c> of a generated dataset: what it is, how it was made, and the SHA-256 of every other file
/// (paths relative to the dataset folder, '/' separated, sorted), so a copy can be verified and two generations compared.
/// Holds no timestamp: the same inputs give the same manifest bytes.
/// </summary>
public sealed record DatasetManifest(
    string Name,
    IReadOnlyList<string> Classes,
    int Seed,
    object Options,
    IReadOnlyDictionary<string, int> Counts,
    IReadOnlyDictionary<string, string> Sha256)
{
    public const string FileName = "manifest.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Reads a manifest; <see cref="Options"/> comes back as a <see cref="JsonElement"/>.</summary>
    public static DatasetManifest Read(string datasetDirectory) =>
        JsonSerializer.Deserialize<DatasetManifest>(File.ReadAllText(Path.Combine(datasetDirectory, FileName)), Json)
        ?? throw new InvalidDataException($"{Path.Combine(datasetDirectory, FileName)}: empty manifest");

    /// <summary>A manifest from its bytes; null when they are not a manifest object. Other writers' spellings (PascalCase keys)
    /// are accepted.</summary>
    public static DatasetManifest? TryParse(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize<DatasetManifest>(json, Json) is { Classes: not null } manifest
                ? manifest with { Counts = manifest.Counts ?? new Dictionary<string, int>(), Sha256 = manifest.Sha256 ?? new Dictionary<string, string>() }
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A manifest naming no class: what an unreadable one amounts to.</summary>
    public static DatasetManifest Empty(string name) => new(name, [], 0, new object(), new Dictionary<string, int>(), new Dictionary<string, string>());

    public void Write(string datasetDirectory) => File.WriteAllBytes(Path.Combine(datasetDirectory, FileName), ToJsonBytes());

    /// <summary>The bytes <see cref="Write"/> puts in <c>manifest.json</c>.</summary>
    public byte[] ToJsonBytes() => System.Text.Encoding.UTF8.GetBytes(JsonSerializer.Serialize(this, Json) + "\n");

    /// <summary>SHA-256 (lower-case hex) of every file under the folder except the manifest itself.</summary>
    public static SortedDictionary<string, string> HashFiles(string datasetDirectory)
    {
        var hashes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (string file in Directory.EnumerateFiles(datasetDirectory, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(datasetDirectory, file).Replace('\\', '/');
            if (relative == FileName) continue;
            hashes[relative] = HashFile(file);
        }
        return hashes;
    }

    /// <summary>SHA-256 (lower-case hex) of one file, as the manifest lists it.</summary>
    public static string HashFile(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
