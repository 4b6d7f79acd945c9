using System.Text.RegularExpressions;
using Aevlp.Contracts;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Aevlp.Registry.Api;

/// <summary>What every upload route shares: the SHA-256 header, bodies limited by the route itself rather than by
/// Kestrel, and the answers for a body that is too large or an asset that exists.</summary>
public static partial class Uploads
{
    public const string Sha256Header = DatasetNames.Sha256Header;

    /// <summary>The problem with a claimed SHA-256 (64 lower-case hex digits), or null.</summary>
    public static string? Sha256Problem(string? sha256) =>
        sha256 is not null && Sha256().IsMatch(sha256) ? null : $"got '{sha256}'; expected the file's SHA-256 as 64 lower-case hex digits";

    /// <summary>The route counts the bytes itself and answers 413 past its own limit, so Kestrel's smaller default must not cut it off.</summary>
    public static void LiftBodyLimit(HttpContext context, long? limit = null)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature) feature.MaxRequestBodySize = limit;
    }

    public static ValidationProblem Invalid(Dictionary<string, string[]> problems, string what) =>
        TypedResults.ValidationProblem(problems, title: $"The {what} is invalid", detail: "Every problem is listed under errors; nothing was stored.");

    public static ProblemHttpResult TooLarge(string file, long maxBytes, string setting) => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge, title: "The file is too large",
        detail: $"{file} is over {maxBytes} bytes (Registry:{setting}); nothing was stored.");

    public static ProblemHttpResult Exists(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: detail);

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256();
}
