using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Aevlp.ServiceDefaults.Security;

/// <summary>Checks a presented key against <see cref="SecurityOptions.ApiKey"/> in constant time, and derives the value of
/// the web UI's login cookie from the key (so the cookie never holds the key itself, and changing the key logs everyone out).</summary>
public sealed class ApiKeyVerifier
{
    private static readonly byte[] CookiePurpose = "aevlp-ui-login-v1"u8.ToArray();

    private readonly byte[]? keyHash;
    private readonly byte[]? cookieHash;

    public ApiKeyVerifier(IOptions<SecurityOptions> options)
    {
        var key = options.Value.ApiKey;
        if (string.IsNullOrEmpty(key)) return;
        keyHash = Hash(key);
        CookieValue = Base64Url.EncodeToString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), CookiePurpose));
        cookieHash = Hash(CookieValue);
    }

    /// <summary>What the login page puts in the cookie; null when no key is configured (open development).</summary>
    public string? CookieValue { get; }

    public bool IsKey(string presented) => Same(keyHash, presented);

    public bool IsCookie(string presented) => Same(cookieHash, presented);

    // Hashing first gives FixedTimeEquals equal lengths, so not even the key's length leaks through timing.
    private static bool Same(byte[]? expected, string presented) =>
        expected is not null && CryptographicOperations.FixedTimeEquals(expected, Hash(presented));

    private static byte[] Hash(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
