using Aevlp.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;

namespace Aevlp.AppHost.Tests;

/// <summary>A service in secure mode without a usable API key refuses to start, saying what to set.</summary>
public sealed class SecurityOptionsTests
{
    [Theory]
    [InlineData(null, "Security:ApiKey is not set")]
    [InlineData("too-short", "Security:ApiKey is 9 characters long; it must have at least 32.")]
    public async Task A_service_without_a_usable_key_refuses_to_start_naming_the_setting(string? key, string expected)
    {
        // As a service's Program does it: configure the pipeline, then start.
        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = Service(("Security:ApiKey", key));
            await app.StartAsync();
        });

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task In_open_development_a_service_starts_without_a_key()
    {
        await using var app = Service(("Security:OpenDevelopment", "true"));

        await app.StartAsync();
        await app.StopAsync();
    }

    private static WebApplication Service(params (string Key, string? Value)[] settings)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        foreach (var (key, value) in settings) builder.Configuration[key] = value;
        builder.AddApiKeyAuthentication();
        var app = builder.Build();
        app.UseApiKeyAuthentication();
        return app;
    }
}
