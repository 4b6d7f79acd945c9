using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aevlp.ServiceDefaults.Security;

public sealed class ApiKeyAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary>Where a browser asking for a page without a key is sent (the tracker's login page); null answers 401 to
    /// everyone.</summary>
    public PathString? LoginPath { get; set; }
}

/// <summary>Authenticates a request by the platform's API key: <c>Authorization: Bearer &lt;key&gt;</c> (what MLflow clients
/// send from MLFLOW_TRACKING_TOKEN), <c>X-Api-Key: &lt;key&gt;</c>, or the web UI's login cookie. A challenge answers 401
/// with <c>WWW-Authenticate: Bearer</c> and a body that is both a ProblemDetails and an MLflow error, saying whether the
/// key was missing or wrong.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<ApiKeyAuthenticationOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyVerifier verifier)
    : AuthenticationHandler<ApiKeyAuthenticationOptions>(options, logger, encoder)
{
    public const string ApiKeyHeader = "X-Api-Key";
    private const string BearerPrefix = "Bearer ";

    private static readonly string[] ApiPrefixes = ["/api", "/ajax-api", "/openapi"];

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var (presented, source) = Presented();
        if (presented is null) return Task.FromResult(AuthenticateResult.NoResult());
        var valid = source == KeySource.Cookie ? verifier.IsCookie(presented) : verifier.IsKey(presented);
        if (!valid) return Task.FromResult(AuthenticateResult.Fail($"wrong API key in {Describe(source)}"));
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "api-key")], Scheme.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Options.LoginPath is { } login && IsBrowserAskingForAPage())
        {
            var returnUrl = Request.PathBase + Request.Path + Request.QueryString;
            Response.Redirect(Request.PathBase + login + QueryString.Create("returnUrl", returnUrl));
            return;
        }
        var (_, source) = Presented();
        var result = await HandleAuthenticateOnceSafeAsync();
        var wrong = result.Failure is not null;
        var (title, detail) = wrong
            ? ("Wrong API key", $"The API key in {Describe(source)} is not this platform's key. {WhereTheKeyIs}")
            : ("API key required", "This request carries no API key. Send 'Authorization: Bearer <key>' (MLflow clients: set " +
                                   $"MLFLOW_TRACKING_TOKEN) or 'X-Api-Key: <key>'. {WhereTheKeyIs}");
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = wrong ? "Bearer realm=\"aevlp\", error=\"invalid_token\"" : "Bearer realm=\"aevlp\"";
        Response.ContentType = "application/problem+json";
        await Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["type"] = "https://tools.ietf.org/html/rfc9110#section-15.5.2",
            ["title"] = title,
            ["status"] = StatusCodes.Status401Unauthorized,
            ["detail"] = detail,
            // MLflow's error shape, so MLflow clients report the reason too.
            ["error_code"] = "UNAUTHENTICATED",
            ["message"] = $"{title}: {detail}",
        }));
    }

    private const string WhereTheKeyIs =
        "The key is the 'api-key' parameter in the Aspire dashboard, and 'ApiKey' in credentials.json in the AEVLP data folder.";

    private (string? Key, KeySource Source) Presented()
    {
        var authorization = Request.Headers.Authorization.ToString();
        if (authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) && authorization.Length > BearerPrefix.Length)
        {
            return (authorization[BearerPrefix.Length..].Trim(), KeySource.Bearer);
        }
        if (Request.Headers.TryGetValue(ApiKeyHeader, out var header) && !string.IsNullOrWhiteSpace(header))
        {
            return (header.ToString().Trim(), KeySource.Header);
        }
        return Request.Cookies.TryGetValue(ApiKeyAuthentication.CookieName, out var cookie) && !string.IsNullOrEmpty(cookie)
            ? (cookie, KeySource.Cookie)
            : (null, KeySource.None);
    }

    private bool IsBrowserAskingForAPage() =>
        (HttpMethods.IsGet(Request.Method) || HttpMethods.IsHead(Request.Method))
        && Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase)
        && !ApiPrefixes.Any(prefix => Request.Path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase));

    private static string Describe(KeySource source) => source switch
    {
        KeySource.Bearer => "the Authorization header",
        KeySource.Header => $"the {ApiKeyHeader} header",
        KeySource.Cookie => "the login cookie",
        _ => "the request",
    };

    private enum KeySource { None, Bearer, Header, Cookie }
}
