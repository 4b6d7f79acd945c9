using System.Text.RegularExpressions;

namespace Aevlp.Contracts;

/// <summary>What a dataset name, version and file path inside a version may look like: the registry refuses
/// anything else, and the CLI checks the same rules before uploading anything. Each check returns the problem
/// in words, or null when the value is fine.</summary>
public static partial class DatasetNames
{
    public const int MaxPathLength = 512;

    /// <summary>The request header that carries an uploaded file's SHA-256 (64 lower-case hex digits).</summary>
    public const string Sha256Header = "X-Content-SHA256";

    public static string? NameProblem(string name) => Name().IsMatch(name) ? null
        : $"'{name}' is not a dataset name: 1–64 of a-z, 0-9, '.', '_', '-', starting with a letter or digit";

    /// <summary>A teacher's or pretrained weights' name: the same rule as a dataset's.</summary>
    public static string? AssetNameProblem(string kind, string name) => Name().IsMatch(name) ? null
        : $"'{name}' is not a {kind} name: 1–64 of a-z, 0-9, '.', '_', '-', starting with a letter or digit";

    public static string? VersionProblem(string version) => Version().IsMatch(version) ? null
        : $"'{version}' is not a dataset version: 1–32 of A-Z, a-z, 0-9, '.', '_', '-', starting with a letter or digit";

    public static string? PathProblem(string path)
    {
        if (path.Length is 0 or > MaxPathLength) return $"'{path}' is not a file path: expected 1–{MaxPathLength} characters";
        foreach (var segment in path.Split('/'))
        {
            if (segment is "" or "." or "..") return $"'{path}' is not a file path: empty, '.' and '..' segments are not allowed";
            if (!Segment().IsMatch(segment))
                return $"'{path}' is not a file path: '{segment}' may hold only A-Z, a-z, 0-9, '.', '_', '-'";
        }
        return null;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex Name();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")]
    private static partial Regex Version();

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex Segment();
}
