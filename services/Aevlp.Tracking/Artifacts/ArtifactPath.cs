using Aevlp.Tracking.Api;

namespace Aevlp.Tracking.Artifacts;

/// <summary>Artifact paths are relative, '/'-separated, with no empty, "." or ".." segment, no backslash and no
/// still-encoded separator (%2F, %5C, which routing leaves encoded), so no path can name a blob outside the place
/// it was meant for.</summary>
public static class ArtifactPath
{
    private const int MaxLength = 1024;

    /// <summary>The normalised path ("" for the root when <paramref name="allowRoot"/>).</summary>
    public static string Parse(string? path, string field, bool allowRoot)
    {
        var trimmed = (path ?? "").Trim('/');
        if (trimmed.Length == 0)
            return allowRoot ? "" : throw MlflowError.Invalid($"Missing value for required parameter '{field}': expected an artifact path.");
        var segments = trimmed.Split('/');
        if (trimmed.Length > MaxLength || trimmed.Contains('\\') || trimmed.Any(char.IsControl)
            || trimmed.Contains("%2F", StringComparison.OrdinalIgnoreCase) || trimmed.Contains("%5C", StringComparison.OrdinalIgnoreCase)
            || segments.Any(s => s is "" or "." or ".."))
            throw MlflowError.Invalid(
                $"Invalid artifact path '{path}' in '{field}': expected a relative path of at most {MaxLength} characters without '..', '.', empty segments, backslashes or encoded slashes.");
        return trimmed;
    }

    public static string Join(string root, string relative) => relative.Length == 0 ? root : $"{root}/{relative}";
}
