using System.CommandLine;

namespace Aevlp.Cli;

/// <summary>Options every command takes.</summary>
public static class GlobalOptions
{
    public static readonly Option<string> Registry = CreateRegistry();

    /// <summary>Read from the environment when the option is absent, never as a default value: help would print it.</summary>
    public static readonly Option<string?> ApiKey = new("--api-key")
    {
        Description = "Sent as 'Authorization: Bearer KEY' on every request ($AEVLP_API_KEY when absent)",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Write the result as JSON instead of text (the registry's shapes; predict and imports: the CLI's own)",
        Recursive = true,
    };

    public static string? ApiKeyOf(ParseResult parse) => parse.GetValue(ApiKey) is { Length: > 0 } key ? key
        : Environment.GetEnvironmentVariable("AEVLP_API_KEY") is { Length: > 0 } fromEnvironment ? fromEnvironment : null;

    private static Option<string> CreateRegistry()
    {
        var option = new Option<string>("--registry")
        {
            Description = $"The registry's URL ($AEVLP_REGISTRY, else {RegistryClient.DefaultUrl}, when absent)",
            Recursive = true,
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("AEVLP_REGISTRY") is { Length: > 0 } url ? url : RegistryClient.DefaultUrl,
        };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                result.AddError($"--registry '{value}': expected an http:// or https:// URL");
        });
        return option;
    }
}
