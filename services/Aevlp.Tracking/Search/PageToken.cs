using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Aevlp.Tracking.Api;

namespace Aevlp.Tracking.Search;

/// <summary>Opaque page tokens: the offset of the next page, base64url-encoded. Clients pass them back unchanged.</summary>
public static class PageToken
{
    private const string Prefix = "offset:";

    public static string? Next(int offset, int pageSize, bool hasMore) =>
        hasMore ? Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Prefix + (offset + pageSize).ToString(CultureInfo.InvariantCulture))) : null;

    public static int Offset(string? token)
    {
        if (string.IsNullOrEmpty(token)) return 0;
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            if (text.StartsWith(Prefix, StringComparison.Ordinal)
                && int.TryParse(text.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
                return offset;
        }
        catch (FormatException)
        {
            // reported below, as every other malformed token
        }
        throw MlflowError.Invalid($"Invalid page_token '{token}': pass back a next_page_token this server returned.");
    }
}
