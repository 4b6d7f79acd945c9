using System.Security.Cryptography;
using System.Text;
using Aevlp.Contracts;

namespace Aevlp.PseudoLabeler.Storage;

/// <summary>
/// The key of a set of teacher logits: a hash of everything that decides them — the dataset version's manifest
/// (which hashes every file), the teacher's files, the grid and the variants. Same inputs, same key, on every replica.
/// </summary>
public static class CacheKey
{
    /// <summary>Bump when the scorer's output for the same inputs changes (views, crops, resizing).</summary>
    private const int ScorerVersion = 1;

    public static string Of(GeneratePseudoLabels command, string datasetManifestSha256, string teacherSha256)
    {
        var identity = string.Join('\n', $"scorer={ScorerVersion}", $"dataset={command.Dataset}", $"version={command.DatasetVersion}",
            $"manifest={datasetManifestSha256}", $"teacher={command.Teacher}", $"teacherFiles={teacherSha256}",
            $"grid={command.GridSize}", $"variants={command.Variants}");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..32];
    }

    public static string Sha256(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>One hash over every file of a folder, names included, in ordinal name order.</summary>
    public static async Task<string> HashFolderAsync(string folder, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(folder, file) + "\n"));
            await using var stream = File.OpenRead(file);
            hash.AppendData(await SHA256.HashDataAsync(stream, cancellationToken));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
