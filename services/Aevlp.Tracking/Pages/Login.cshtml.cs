using Aevlp.ServiceDefaults.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Aevlp.Tracking.Pages;

/// <summary>A browser sends no Bearer header: here the user pastes the platform's API key once, and gets an HttpOnly,
/// SameSite=Strict cookie the API-key handler accepts (it holds a value derived from the key, not the key).</summary>
[AllowAnonymous]
public sealed class LoginModel(ApiKeyVerifier verifier, IOptions<SecurityOptions> security) : PageModel
{
    [BindProperty]
    public string? ApiKey { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public bool OpenDevelopment => security.Value.OpenDevelopment;

    public void OnGet()
    {
    }

    public IActionResult OnPost()
    {
        if (OpenDevelopment) return LocalRedirect(Target);
        if (string.IsNullOrWhiteSpace(ApiKey) || !verifier.IsKey(ApiKey.Trim()))
        {
            Error = string.IsNullOrWhiteSpace(ApiKey) ? "Paste the API key." : "That is not this platform's API key.";
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            ApiKey = null;
            return Page();
        }
        Response.AppendLoginCookie(verifier, Request.IsHttps);
        return LocalRedirect(Target);
    }

    private string Target => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/";
}
