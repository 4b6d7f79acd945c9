using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aevlp.ServiceDefaults.Security;

/// <summary>The platform's API-key security for HTTP services (the registry and the tracker), on ASP.NET Core's own
/// authentication and authorization: in secure mode (the default) every endpoint needs the key, reads included, except
/// the health endpoints, static files and endpoints marked <c>AllowAnonymous</c> (a login page); with
/// <c>Security:OpenDevelopment=true</c> nothing does.</summary>
public static class ApiKeyAuthentication
{
    public const string Scheme = "ApiKey";
    public const string CookieName = "aevlp-login";

    public static TBuilder AddApiKeyAuthentication<TBuilder>(this TBuilder builder, Action<ApiKeyAuthenticationOptions>? configure = null)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SecurityOptions>, SecurityOptionsValidator>();
        builder.Services.AddSingleton<ApiKeyVerifier>();
        builder.Services.AddAuthentication(Scheme)
            .AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(Scheme, options => configure?.Invoke(options));
        builder.Services.AddAuthorization();
        builder.Services.AddOptions<AuthorizationOptions>().Configure<IOptions<SecurityOptions>>((authorization, security) =>
        {
            if (!security.Value.OpenDevelopment)
            {
                authorization.FallbackPolicy = new AuthorizationPolicyBuilder(Scheme).RequireAuthenticatedUser().Build();
            }
        });
        return builder;
    }

    /// <summary>Authentication and authorization, after static files (which stay open: a login page needs its CSS) and
    /// before the endpoints. In open development, one warning says so.</summary>
    public static WebApplication UseApiKeyAuthentication(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value.OpenDevelopment)
        {
            app.Logger.LogWarning(
                "Security:OpenDevelopment is on: {Service} answers every request without an API key. Use it only on a machine nobody else can reach.",
                app.Environment.ApplicationName);
        }
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>Sets the web UI's login cookie (HttpOnly, SameSite=Strict) after a login page has checked the key.</summary>
    public static void AppendLoginCookie(this HttpResponse response, ApiKeyVerifier verifier, bool secure) =>
        response.Cookies.Append(CookieName, verifier.CookieValue ?? "", new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = secure,
            Path = "/",
            IsEssential = true,
        });
}
