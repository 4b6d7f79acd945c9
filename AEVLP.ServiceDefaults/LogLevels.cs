using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Aevlp.ServiceDefaults;

/// <summary>Every service's log levels, in one place. Each is a default: appsettings, the environment
/// (<c>Logging__LogLevel__Npgsql=Debug</c>) and the command line override it.</summary>
internal static class LogLevels
{
    private static readonly Dictionary<string, string?> Defaults = new()
    {
        ["Logging:LogLevel:Default"] = "Information",
        // A line per request, per outgoing call and per SQL command: thousands in one run, which the traces already hold.
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",
        ["Logging:LogLevel:Polly"] = "Warning",
        ["Logging:LogLevel:Npgsql"] = "Warning",
        // It logs every failing probe at Error, a service starting up included; HealthTransitions logs the changes instead.
        ["Logging:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService"] = "None",
    };

    // Each default fills a key no source sets. (Inserting a configuration source instead rebuilds every provider, which
    // drops values set in code before this call, a connection string in a test for one.)
    public static void UsePlatformDefaults(this IHostApplicationBuilder builder)
    {
        foreach (var (key, value) in Defaults.Where(entry => builder.Configuration[entry.Key] is null))
        {
            builder.Configuration[key] = value;
        }
    }
}
