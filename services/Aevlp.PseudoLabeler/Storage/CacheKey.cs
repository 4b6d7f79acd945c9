using System.Security.Cryptography;
using System.Text;
using Aevlp.Contracts;
using Aevlp.Storage;

namespace Aevlp.PseudoLabeler.Storage;

/// <summary>
/// The key of a set of teacher logits: a hash of everything that decides them — the dataset version's manifest
/// (which hashes every file), the teacher's files, the grid and the variants. Same inputs, same key, on every replica.
/// </summary>
public static class CacheKey
{
    /// <summary>Bump when the scorer's output for the same inputs changes (views, crops, resizing, relation refinement).</summary>
    private const int ScorerVersion = 2;

    public static string Of(GeneratePseudoLabels command, string datasetManifestSha256, string teacherSha256)
    {
        var identity = string.Join('\n', $"scorer={ScorerVersion}", $"dataset={command.Dataset}", $"version={command.DatasetVersion}",
            $"manifest={datasetManifestSha256}", $"teacher={command.Teacher}", $"teacherFiles={teacherSha256}",
            $"grid={command.GridSize}", $"variants={command.Variants}", $"relation={command.RelationTopK}:{command.RelationWeight}");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..32];
    }

    public static string Sha256(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public static async Task<string> Sha256FileAsync(string file, CancellationToken cancellationToken) =>
        Convert.ToHexStringLower(await HashFileAsync(file, cancellationToken));

    /// <summary>One hash over every file of a folder, names included (<see cref="FolderHash"/>).</summary>
    public static async Task<string> HashFolderAsync(string folder, CancellationToken cancellationToken)
    {
        var files = new List<(string, string)>();
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            files.Add((Path.GetRelativePath(folder, file), Convert.ToHexStringLower(await HashFileAsync(file, cancellationToken))));
        }
        return FolderHash.Of(files);
    }

    private static async Task<byte[]> HashFileAsync(string file, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(file);
        return await SHA256.HashDataAsync(stream, cancellationToken);
    }
}
