using Microsoft.Extensions.Options;

namespace Aevlp.ServiceDefaults.Security;

/// <summary>The "Security" section every HTTP service shares: the platform's API key (an Aspire secret parameter the
/// AppHost passes as <c>Security__ApiKey</c>) and the open-development switch.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>Keys shorter than this are refused: the AppHost generates 43 characters (32 random bytes, base64url).</summary>
    public const int MinApiKeyLength = 32;

    /// <summary>The key clients send as <c>Authorization: Bearer &lt;key&gt;</c> or <c>X-Api-Key: &lt;key&gt;</c>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>When true nothing needs a key (a warning is logged at start). Never on a machine others can reach.</summary>
    public bool OpenDevelopment { get; set; }
}

/// <summary>In secure mode (the default) a service without a usable key refuses to start, saying which setting to set.</summary>
public sealed class SecurityOptionsValidator : IValidateOptions<SecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, SecurityOptions options)
    {
        if (options.OpenDevelopment) return ValidateOptionsResult.Success;
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            return ValidateOptionsResult.Fail(
                "Security:ApiKey is not set: this service needs the platform's API key (the AppHost passes it as Security__ApiKey), " +
                "or Security:OpenDevelopment=true to run without one.");
        }
        return options.ApiKey.Length < SecurityOptions.MinApiKeyLength
            ? ValidateOptionsResult.Fail(
                $"Security:ApiKey is {options.ApiKey.Length} characters long; it must have at least {SecurityOptions.MinApiKeyLength}.")
            : ValidateOptionsResult.Success;
    }
}
