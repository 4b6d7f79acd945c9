using System.Globalization;

namespace Aevlp.Tracking.Pages.Shared;

/// <summary>How the UI writes times, durations and metric values.</summary>
public static class Format
{
    public static string Time(long? ms) =>
        ms is { } value ? DateTimeOffset.FromUnixTimeMilliseconds(value).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) : "";

    public static string Duration(long start, long? end)
    {
        if (end is null) return "";
        var span = TimeSpan.FromMilliseconds(Math.Max(0, end.Value - start));
        return span.TotalHours >= 1 ? $"{(int)span.TotalHours}h {span.Minutes}m"
            : span.TotalMinutes >= 1 ? $"{span.Minutes}m {span.Seconds}s"
            : $"{span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)}s";
    }

    public static string Value(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>How often a page that shows a running run reloads itself.</summary>
    public const int RefreshSeconds = 10;
}
