using System.Text.RegularExpressions;

namespace Aevlp.Registry.Configuration;

/// <summary><c>fashion-mosaic</c> (newest version) or <c>fashion-mosaic@3</c>.</summary>
public sealed partial record DatasetReference(string Name, string? Version)
{
    public const string Expected = "a dataset name (lower-case letters, digits, '.', '_', '-'), optionally followed by @version";

    public static DatasetReference? TryParse(string? text)
    {
        var match = text is null ? Match.Empty : Pattern().Match(text);
        return match.Success
            ? new DatasetReference(match.Groups["name"].Value, match.Groups["version"].Success ? match.Groups["version"].Value : null)
            : null;
    }

    public override string ToString() => Version is null ? Name : $"{Name}@{Version}";

    [GeneratedRegex("^(?<name>[a-z0-9][a-z0-9._-]{0,99})(@(?<version>[A-Za-z0-9._-]{1,50}))?$")]
    private static partial Regex Pattern();
}
