using System.Security.Cryptography;
using System.Text;

namespace Aevlp.Storage;

/// <summary>One SHA-256 over a folder of files, names included: each file's path ("\n"-terminated, UTF-8) then its own SHA-256,
/// in ordinal path order. The registry computes it from the hashes stored with a teacher's blobs, the pseudo-labeler from its
/// local copy, and both get the same value, so the teacher a run's tracker shows is the one its pseudo-labels came from.</summary>
public static class FolderHash
{
    /// <param name="files">Each file's path in the folder and its SHA-256 (lower-case hex).</param>
    public static string Of(IEnumerable<(string Path, string Sha256)> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (path, sha256) in files.OrderBy(file => file.Path, StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(path + "\n"));
            hash.AppendData(Convert.FromHexString(sha256));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
